// The mail panel: the triaged inbox and one message, all as text (textContent only: no
// markup from mail is ever rendered, so no image or link in it is fetched). A reply is
// drafted, shown and edited here; sending, moving and flagging are proposed first and done
// only on the user's Yes to the preview (POST /api/activity/{id}/confirm), then logged,
// with Undo where the mail server allows it.
const PILES = ["needs a reply", "personal", "logistics", "newsletters", "can go"];
const MAIL_TOOLS = ["draft_reply", "send_mail", "move_mail", "archive_mail", "flag_mail"];
const $ = (id) => document.getElementById(id);
let draftId = null;
let waiting = null;

async function api(path, options = {}) {
  const response = await fetch(path, {
    credentials: "same-origin",
    headers: options.body ? { "Content-Type": "application/json" } : {},
    ...options,
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(typeof problem.detail === "string" ? problem.detail : `error ${response.status}`);
  }
  return response.json();
}

const get = (path) => api(path);
const post = (path, body) => api(path, { method: "POST", body: body ? JSON.stringify(body) : undefined });

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

function note(text) { $("mail-note").textContent = text; }

function button(text, action, cls) {
  const node = el("button", text, cls);
  node.type = "button";
  node.addEventListener("click", () => action().catch((error) => note(error.message)));
  return node;
}

// A proposal: its preview, and Yes / No. Nothing happens until Yes.
function ask(proposal) {
  waiting = proposal.activity;
  $("confirm-preview").textContent = proposal.said;
  $("confirm").hidden = false;
  note("");
}

async function answer(yes) {
  if (waiting === null) return;
  const id = waiting;
  waiting = null;
  $("confirm").hidden = true;
  const out = await post(`/api/activity/${id}/${yes ? "confirm" : "decline"}`);
  note(out.said);
  if (yes && draftId !== null) { draftId = null; $("draft").hidden = true; }
  await loadActivity();
}

async function showDraft(drafted) {
  draftId = drafted.draft;
  $("draft-to").textContent = `To: ${drafted.to}`;
  $("draft-subject").value = drafted.subject;
  $("draft-body").value = drafted.body;
  $("draft").hidden = false;
  note(drafted.said);
  await loadActivity();
}

async function showMessage(id) {
  const m = await get(`/api/mail/${id}`);
  const box = $("message");
  box.replaceChildren(el("h2", m.subject || "(no subject)"),
    el("p", `from ${m.sender_name || ""} <${m.sender}> · ${m.date || ""} · ${m.pile}`),
    el("p", m.summary, "summary"));
  for (const request of m.requests) box.append(el("p", `asks: ${request}`, "request"));
  if (m.suspicious) box.append(el("p", "It holds text written to give orders to an assistant; it was not followed.", "warning"));
  const actions = el("p", undefined, "actions");
  actions.append(
    button("Draft a reply", async () => showDraft(await post(`/api/mail/${id}/reply`)), "reply"),
    button("Archive…", async () => ask(await post(`/api/mail/${id}/move`, { folder: "Archive" })), "soft archive"),
    button("Flag…", async () => ask(await post(`/api/mail/${id}/flag`, { on: true })), "soft flag"));
  box.append(actions, el("pre", m.body));
  box.hidden = false;
}

async function loadActivity() {
  const entries = (await get("/api/activity?limit=50")).filter((e) => MAIL_TOOLS.includes(e.tool));
  const list = $("mail-activity");
  list.replaceChildren();
  for (const entry of entries.slice(0, 15)) {
    const item = el("li", `${entry.summary} (${entry.status})`);
    item.dataset.tool = entry.tool;
    if (entry.undoable) {
      item.append(" ", button("Undo", async () => {
        note((await post(`/api/activity/${entry.id}/undo`)).said);
        await loadActivity();
      }, "soft undo"));
    }
    list.append(item);
  }
}

$("draft").addEventListener("submit", (event) => {
  event.preventDefault();
  (async () => {
    // The draft as the user left it is saved, then its send is proposed with that text.
    await api(`/api/mail/drafts/${draftId}`, { method: "PUT", body: JSON.stringify({
      subject: $("draft-subject").value, body: $("draft-body").value }) });
    ask(await post(`/api/mail/drafts/${draftId}/send`));
  })().catch((error) => note(error.message));
});
$("confirm-yes").addEventListener("click", () => answer(true).catch((error) => note(error.message)));
$("confirm-no").addEventListener("click", () => answer(false).catch((error) => note(error.message)));

async function load() {
  const rows = await get("/api/mail");
  const piles = $("piles");
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
      link.addEventListener("click", () => showMessage(r.id).catch((error) => note(error.message)));
      item.append(link, el("div", r.summary, "summary"));
      list.append(item);
    }
    section.append(list);
    piles.append(section);
  }
  if (!rows.length) piles.append(el("p", "No mail yet: os1 mail sync, or os1 mail import PATH."));
  await loadActivity();
}

load().catch((error) => $("piles").replaceChildren(el("p", error.message)));
