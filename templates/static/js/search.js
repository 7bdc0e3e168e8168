// Site search: asks the Pagefind index built into the site, shows results as a list.
// No inline scripts or styles, so it works under the site's Content-Security-Policy.
const results = document.getElementById("search-results");
const input = document.getElementById("search-input");
const query = new URLSearchParams(window.location.search).get("q") || "";
input.value = query;

function say(text) {
  results.replaceChildren();
  const p = document.createElement("p");
  p.textContent = text;
  results.append(p);
}

// The preview has no index (journey serve makes none).
class NoIndex extends Error {}

// A big site's index is in parts, searched together; parts.json lists them. (A search
// page copied into templates/ before 1 December 2026 names pagefind/pagefind.js.)
async function openIndex() {
  const list = new URL(results.dataset.index.replace(/pagefind\.js$/, "parts.json"), window.location.href);
  const response = await fetch(list);
  if (response.status === 404) {
    throw new NoIndex();
  }
  const { parts } = await response.json();
  if (parts.length === 0) {
    return null;
  }
  // Pagefind runs as WebAssembly. Where the site's security policy does not let it, a
  // search of an index in parts never ends: an empty module says so at once.
  await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  const options = { baseUrl: results.dataset.base };
  const pagefind = await import(new URL(parts[0] + "pagefind.js", list).href);
  await pagefind.options(options);
  await Promise.all(parts.slice(1).map((part) => pagefind.mergeIndex(new URL(part, list).href, options)));
  return pagefind;
}

async function search() {
  if (!query.trim()) {
    return;
  }
  let found;
  try {
    const pagefind = await openIndex();
    found = pagefind ? await pagefind.search(query) : { results: [] };
  } catch (error) {
    // Else the index could not be fetched or run (the network, or the site's security
    // policy): without a word the visitor would wait for results that never come.
    say(error instanceof NoIndex ? "Search works on the published site: run journey build to try it."
      : "Sorry, there is a problem with search. Try again later, or use the links at the top of the page.");
    return;
  }
  if (found.results.length === 0) {
    say(`No pages found for "${query}". Check the spelling, or try a shorter word.`);
    return;
  }
  results.replaceChildren();
  const heading = document.createElement("h2");
  heading.textContent = `${found.results.length} result${found.results.length === 1 ? "" : "s"} for "${query}"`;
  const list = document.createElement("ul");
  list.className = "search-results__list";
  results.append(heading, list);
  // The results come PAGE_SIZE at a time: each is a request for its page's excerpt.
  const more = document.createElement("button");
  more.type = "button";
  more.className = "search-results__more";
  more.addEventListener("click", async () => {
    more.disabled = true; // a second click while these come would add them twice
    results.setAttribute("aria-live", "off"); // the focus says where the new ones start
    const added = await showMore(found.results, list, more);
    more.disabled = false;
    added.querySelector("a").focus(); // on to the first new result, not back to the top
  });
  await showMore(found.results, list, more);
}

const PAGE_SIZE = 20;

// Adds the next PAGE_SIZE results to the list (returns the first added), and the button
// for more after them while there are more.
async function showMore(all, list, more) {
  const shown = list.children.length;
  const pages = await Promise.all(all.slice(shown, shown + PAGE_SIZE).map((r) => r.data()));
  const items = pages.map(resultItem);
  list.append(...items);
  const left = all.length - shown - pages.length;
  if (left > 0) {
    const next = Math.min(left, PAGE_SIZE);
    more.textContent = `Show ${next} more result${next === 1 ? "" : "s"}`;
    list.after(more);
  } else {
    more.remove();
  }
  return items[0];
}

function resultItem(page) {
  const item = document.createElement("li");
  item.className = "search-results__item";
  const link = document.createElement("a");
  link.href = page.url;
  link.textContent = page.meta.title || page.url;
  item.append(link);
  // A page of a journey a later report replaced: its title may be the journey now's
  // page's ("Actions we must and should take"). Said in the link to a screen reader.
  if (page.meta.ended) {
    const from = `From the improvement journey that ended on ${page.meta.ended}`;
    const hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = `: ${from.charAt(0).toLowerCase()}${from.slice(1)}`;
    link.append(hidden);
    const shown = document.createElement("p");
    shown.className = "search-results__ended";
    shown.setAttribute("aria-hidden", "true");
    shown.textContent = from;
    item.append(shown);
  }
  // An update or statement: when it was published, as its own page says it.
  if (page.meta.published) {
    const date = document.createElement("p");
    date.className = "search-results__date";
    date.textContent = `Published ${page.meta.published}`;
    item.append(date);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "search-results__excerpt";
  // Pagefind's excerpt is the page's own text, escaped, with <mark> around the words.
  excerpt.innerHTML = page.excerpt;
  item.append(excerpt);
  // An update or page in another language: its title and words are read in it.
  if (page.meta.language) {
    const [code, direction] = page.meta.language.split(" ");  // "ur rtl"
    for (const part of [link, excerpt]) {
      part.lang = code;
      part.dir = direction === "rtl" ? "rtl" : "auto";
    }
  }
  return item;
}

search();
