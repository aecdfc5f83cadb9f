// Proofreading: the changes OS1 proposes, accepted or rejected one by one.
"use strict";

const $ = (id) => document.getElementById(id);
let found = null;   // {text, changes}
let chosen = [];    // true: accepted, false: rejected, one per change
function applied(text, changes, flags) {
  // The text with the accepted changes made (they never overlap), as the server's apply().
  let out = "", at = 0;
  changes.forEach((c, i) => {
    if (!flags[i]) return;
    out += text.slice(at, c.start) + c.new;
    at = c.end;
  });
  return out + text.slice(at);
}

function context(text, change) {
  const span = document.createElement("span");
  span.className = "context";
  const before = text.slice(Math.max(0, change.start - 30), change.start);
  const after = text.slice(change.end, change.end + 30);
  span.append((change.start > 30 ? "…" : "") + before);
  if (change.old) { const del = document.createElement("del"); del.textContent = change.old.trim() ? change.old : "␣"; span.append(del); }
  if (change.new) { const ins = document.createElement("ins"); ins.textContent = change.new.trim() ? change.new : "␣"; span.append(ins); }
  span.append(after + (change.end + 30 < text.length ? "…" : ""));
  return span;
}

function render() {
  const list = $("changes");
  list.innerHTML = "";
  found.changes.forEach((change, i) => {
    const item = document.createElement("li");
    item.className = chosen[i] ? "accepted" : "rejected";
    item.append(context(found.text, change));
    const why = document.createElement("span");
    why.className = "reason";
    why.textContent = change.reason;
    item.append(why);
    for (const [label, value, cls] of [["Accept", true, "accept"], ["Reject", false, "reject"]]) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = `soft ${cls}`;
      button.textContent = label;
      button.setAttribute("aria-pressed", String(chosen[i] === value));
      button.addEventListener("click", () => { chosen[i] = value; render(); });
      item.append(button);
    }
    list.append(item);
  });
  const accepted = chosen.filter(Boolean).length;
  $("summary").textContent = found.changes.length
    ? `${found.changes.length} changes (${VARIETIES[found.english] || found.english}), ${accepted} accepted.`
    : "No changes: it reads well as it is.";
  $("result").value = applied(found.text, found.changes, chosen);
}

$("check-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("check-error").textContent = "";
  $("check").disabled = true;
  try {
    const english = $("english").value || null;
    const response = await fetch("/api/proofread", {
      method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: $("source").value, english }),
    });
    if (response.status === 401) { window.location.href = "/"; return; }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(typeof body.detail === "string" ? body.detail : `error ${response.status}`);
    found = body;
    chosen = body.changes.map(() => true);  // proposed: each stays until rejected
    $("results").hidden = false;
    render();
  } catch (error) {
    $("check-error").textContent = error.message;
  } finally {
    $("check").disabled = false;
  }
});

async function yourEnglish() {
  // The first choice is the user's own setting when they have one, else what the text shows.
  const response = await fetch("/api/settings", { credentials: "same-origin" });
  if (!response.ok) return;
  const english = (await response.json()).english;
  if (VARIETIES[english]) $("english").options[0].textContent = `${VARIETIES[english]} (your setting)`;
}

yourEnglish().catch(() => {});
$("accept-all").addEventListener("click", () => { chosen = chosen.map(() => true); render(); });
$("reject-all").addEventListener("click", () => { chosen = chosen.map(() => false); render(); });
$("copy").addEventListener("click", async () => {
  await navigator.clipboard.writeText($("result").value).catch(() => {});
  $("copied").textContent = "Copied.";
});
