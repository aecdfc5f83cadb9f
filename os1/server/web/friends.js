// The friends page: links, invitations, asking, withdrawing and the whole log, all as text
// (textContent only: what another companion wrote is never rendered as markup).
async function call(method, path, body) {
  const response = await fetch(path, {
    method, credentials: "same-origin",
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(typeof data.detail === "string" ? data.detail : `error ${response.status}`);
  return data;
}

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

function scopeOf(form) {
  const topics = form.topics.value.split(",").map((t) => t.trim()).filter(Boolean);
  return { name: form.name.value, topics, note: form.note.value };
}

function say(text) { document.getElementById("said").textContent = text; }

function linkView(f) {
  const box = el("article");
  box.append(el("h2", `${f.name} (${f.status})`),
    el("p", `You are ${f.known_as}; you share: ${f.sharing}.`, "hint"));
  if (f.status !== "active") return box;
  const form = el("form");
  const input = el("input");
  input.placeholder = `ask ${f.name}'s companion…`;
  input.maxLength = 2000;
  const answer = el("p", "", "summary");
  form.append(input, el("button", "Ask"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    answer.textContent = "…";
    try {
      answer.textContent = (await call("POST", `/api/friends/${f.id}/ask`, { text: input.value })).reply;
    } catch (error) { answer.textContent = error.message; }
    loadLog();
  });
  const end = el("button", "Withdraw", "soft");
  end.addEventListener("click", async () => {
    if (!confirm(`End the link with ${f.name}, on both sides?`)) return;
    await call("POST", `/api/friends/${f.id}/withdraw`).catch((e) => say(e.message));
    load();
  });
  box.append(form, answer, end);
  return box;
}

async function load() {
  const links = await call("GET", "/api/friends");
  const box = document.getElementById("links");
  box.replaceChildren(...links.map(linkView));
  if (!links.length) box.append(el("p", "No friends' companions yet."));
  await loadLog();
}

async function loadLog() {
  const log = await call("GET", "/api/friends/log");
  document.getElementById("log").replaceChildren(...log.map((m) => {
    const text = m.body.text || m.body.name || "";
    const status = ["sent", "received"].includes(m.status) ? "" : ` [${m.status}: ${m.reason}]`;
    return el("li", `${m.at.slice(0, 16)} ${m.direction === "out" ? "→" : "←"} ${m.friend || "?"} ${m.type}: ${text}${status}`);
  }));
}

document.getElementById("invite").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const made = await call("POST", "/api/friends/invite", scopeOf(event.target));
    const code = document.getElementById("code");
    code.textContent = made.code;
    code.hidden = false;
    say("Give this code to your friend; it works once, for 3 days.");
  } catch (error) { say(error.message); }
});

document.getElementById("accept").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  try {
    const f = await call("POST", "/api/friends/accept", { ...scopeOf(form), code: form.code.value.trim() });
    say(`Linked with ${f.name}'s companion.`);
    form.reset();
    load();
  } catch (error) { say(error.message); }
});

load().catch((error) => say(error.message));
