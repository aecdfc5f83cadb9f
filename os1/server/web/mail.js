// The mail panel: the triaged inbox and one message, all as text (textContent only: no
// markup from mail is ever rendered, so no image or link in it is fetched).
const PILES = ["needs a reply", "personal", "logistics", "newsletters", "can go"];

async function get(path) {
  const response = await fetch(path, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`error ${response.status}`);
  return response.json();
}

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

async function showMessage(id) {
  const m = await get(`/api/mail/${id}`);
  const box = document.getElementById("message");
  box.replaceChildren(el("h2", m.subject || "(no subject)"),
    el("p", `from ${m.sender_name || ""} <${m.sender}> · ${m.date || ""} · ${m.pile}`),
    el("p", m.summary, "summary"));
  for (const ask of m.requests) box.append(el("p", `asks: ${ask}`, "request"));
  if (m.suspicious) box.append(el("p", "It holds text written to give orders to an assistant; it was not followed.", "warning"));
  box.append(el("pre", m.body));
  box.hidden = false;
}

async function load() {
  const rows = await get("/api/mail");
  const piles = document.getElementById("piles");
  piles.replaceChildren();
  for (const pile of PILES) {
    const mine = rows.filter((r) => r.pile === pile);
    if (!mine.length) continue;
    const section = el("section");
    section.append(el("h2", `${pile} (${mine.length})`));
    const list = el("ul");
    for (const r of mine) {
      const item = el("li");
      const link = el("button", `${r.sender_name || r.sender}: ${r.subject || "(no subject)"}`, "link");
      link.addEventListener("click", () => showMessage(r.id));
      item.append(link, el("div", r.summary, "summary"));
      list.append(item);
    }
    section.append(list);
    piles.append(section);
  }
  if (!rows.length) piles.append(el("p", "No mail yet: os1 mail sync, or os1 mail import PATH."));
}

load().catch((error) => document.getElementById("piles").replaceChildren(el("p", error.message)));
