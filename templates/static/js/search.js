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

async function search() {
  if (!query.trim()) {
    return;
  }
  let pagefind;
  try {
    pagefind = await import(results.dataset.index);
  } catch {
    say("Search works on the published site: run journey build to try it.");
    return;
  }
  await pagefind.options({ baseUrl: results.dataset.base });
  const found = await pagefind.search(query);
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
