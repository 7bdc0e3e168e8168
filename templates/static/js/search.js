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

// A big site's index is in parts, searched together; parts.json lists them. (A search
// page copied into templates/ before 1 December 2026 names pagefind/pagefind.js.)
async function openIndex() {
  const list = new URL(results.dataset.index.replace(/pagefind\.js$/, "parts.json"), window.location.href);
  const { parts } = await (await fetch(list)).json();
  if (parts.length === 0) {
    return null;
  }
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
  let pagefind;
  try {
    pagefind = await openIndex();
  } catch {
    say("Search works on the published site: run journey build to try it.");
    return;
  }
  const found = pagefind ? await pagefind.search(query) : { results: [] };
  const pages = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
  if (pages.length === 0) {
    say(`No pages found for "${query}". Check the spelling, or try a shorter word.`);
    return;
  }
  results.replaceChildren();
  const heading = document.createElement("h2");
  heading.textContent = `${found.results.length} result${found.results.length === 1 ? "" : "s"} for "${query}"`;
  const list = document.createElement("ul");
  list.className = "search-results__list";
  for (const page of pages) {
    const item = document.createElement("li");
    item.className = "search-results__item";
    const link = document.createElement("a");
    link.href = page.url;
    link.textContent = page.meta.title || page.url;
    const excerpt = document.createElement("p");
    excerpt.className = "search-results__excerpt";
    // Pagefind's excerpt is the page's own text, escaped, with <mark> around the words.
    excerpt.innerHTML = page.excerpt;
    item.append(link, excerpt);
    list.append(item);
  }
  results.append(heading, list);
}

search();
