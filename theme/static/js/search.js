/* Kas Dikdas: search at /cari/ over the Pagefind index (plugins/search).
 * The query and filters live in the URL (?q=…&jenjang=…&kecamatan=…&kategori=…), so the
 * header's plain form and shared links land on results. Pagefind runs on the main
 * thread (noWorker): one file less to download on a slow connection. All words a
 * viewer sees come from the page (data-label-* attributes). */
const PAGE_SIZE = 10;

const form = document.querySelector("[data-search]");
const status = document.querySelector("[data-search-status]");
const list = document.querySelector("[data-search-results]");
const root = new URL(form.dataset.root, location.href);
const label = (name, n) => (form.getAttribute(`data-label-${name}`) || "").replace("{n}", n);

let pagefind = null;
let current = 0; // the number of the latest search; older answers are dropped

async function load() {
  const bundle = new URL(form.dataset.bundle, root);
  pagefind = await import(new URL("pagefind.js", bundle).href);
  await pagefind.options({ basePath: bundle.pathname, baseUrl: root.pathname, noWorker: true,
                           excerptLength: 24 });
}

function fromUrl() {
  const params = new URLSearchParams(location.search);
  form.elements.q.value = params.get("q") || "";
  for (const select of form.querySelectorAll("[data-search-filter]")) {
    select.value = params.get(select.name) || "";
  }
}

function chosenFilters() {
  const filters = {};
  for (const select of form.querySelectorAll("[data-search-filter]")) {
    if (select.value) filters[select.dataset.searchFilter] = select.value;
  }
  return filters;
}

function toUrl() {
  const params = new URLSearchParams();
  const q = form.elements.q.value.trim();
  if (q) params.set("q", q);
  for (const [name, value] of Object.entries(chosenFilters())) params.set(name, value);
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

/* Pagefind's excerpt is HTML with <mark>; keep only its text and the marks. */
function excerpt(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const p = document.createElement("p");
  p.className = "search-excerpt";
  for (const node of template.content.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      p.append(mark);
    } else {
      p.append(node.textContent);
    }
  }
  return p;
}

function item(data) {
  const li = document.createElement("li");
  li.className = "search-result";
  if (data.meta.image) {
    const img = document.createElement("img");
    img.src = new URL(data.meta.image, root).href;
    img.alt = "";
    img.width = 96;
    img.height = 54;
    img.loading = "lazy";
    img.decoding = "async";
    li.append(img);
  }
  const body = document.createElement("div");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const facts = document.createElement("p");
  facts.className = "search-facts";
  facts.textContent = [data.meta.sekolah, data.meta.tanggal].filter(Boolean).join(" · ");
  body.append(heading, facts, excerpt(data.excerpt || ""));
  li.append(body);
  return li;
}

async function show(results, from, number) {
  const page = await Promise.all(results.slice(from, from + PAGE_SIZE).map((r) => r.data()));
  if (number !== current) return;
  list.append(...page.map(item));
  form.parentNode.querySelector("[data-search-more]")?.remove();
  if (from + PAGE_SIZE < results.length) {
    const more = document.createElement("button");
    more.type = "button";
    more.dataset.searchMore = "";
    more.textContent = label("more");
    more.addEventListener("click", () => show(results, from + PAGE_SIZE, number));
    list.after(more);
  }
}

/* data-state on the form tells scripts and tests where the latest search is. */
async function run() {
  const number = ++current;
  form.dataset.state = "busy";
  const q = form.elements.q.value.trim();
  const filters = chosenFilters();
  list.replaceChildren();
  form.parentNode.querySelector("[data-search-more]")?.remove();
  if (!q && !Object.keys(filters).length) {
    status.textContent = "";
    form.dataset.state = "idle";
    return;
  }
  status.textContent = label("searching");
  try {
    // Without words, list everything the filters keep.
    const search = await pagefind.search(q || null, { filters });
    if (number !== current) return;
    const n = search.results.length;
    status.textContent = n ? label("found", n.toLocaleString("id-ID")) : label("none");
    await show(search.results, 0, number);
    if (number === current) form.dataset.state = "done";
  } catch (error) {
    if (number !== current) return;
    status.textContent = label("failed");
    form.dataset.state = "failed";
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  toUrl();
  run();
});
for (const select of form.querySelectorAll("[data-search-filter]")) {
  select.addEventListener("change", () => {
    toUrl();
    run();
  });
}

try {
  await load();
  document.querySelector("[data-search-nojs]").hidden = true;
  form.hidden = false;
  fromUrl();
  await run();
} catch (error) {
  status.textContent = label("failed");
  form.dataset.state = "failed";
}
