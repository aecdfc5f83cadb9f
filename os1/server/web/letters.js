// The Letters page: commission, draft, revise, versions. Text is always set as text, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
let current = null; // the letter shown

// The response, once it is known to be good (a 401 shows the sign-in note; an error, its detail).
async function fetched(path, options = {}) {
  const response = await fetch(path, {
    credentials: "same-origin",
    headers: options.body ? { "Content-Type": "application/json" } : {},
    ...options,
  });
  if (response.status === 401) { $("signed-out").hidden = false; throw new Error("signed out"); }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(typeof problem.detail === "string" ? problem.detail : `error ${response.status}`);
  }
  return response;
}

async function api(path, options = {}) {
  const response = await fetched(path, options);
  return response.status === 204 ? null : response.json();
}

const lines = (id) => $(id).value.split("\n").map((s) => s.trim()).filter(Boolean);

function fields() {
  const body = { request: $("request").value.trim() };
  for (const name of ["sender", "recipient", "relation", "occasion", "tone", "history"]) {
    const value = $(`f-${name}`).value.trim();
    if (value) body[name] = value;
  }
  if ($("f-length").value) body.length = $("f-length").value;
  const offered = [...document.querySelectorAll("#offers input:checked")].map((box) => box.value);
  const details = [...lines("f-details"), ...offered];
  if (details.length) body.details = details;
  if (lines("f-avoid").length) body.avoid = lines("f-avoid");
  return body;
}

async function prepare() {
  $("commission-error").textContent = "";
  try {
    const found = await api("/api/letters/commission", { method: "POST", body: JSON.stringify(fields()) });
    const c = found.commission;
    for (const name of ["sender", "recipient", "relation", "occasion", "history"]) $(`f-${name}`).value = c[name] || "";
    $("f-tone").value = (c.tone || []).join(", ");
    $("f-length").value = c.length || "";
    $("f-details").value = (c.details || []).join("\n");
    $("f-avoid").value = (c.avoid || []).join("\n");
    $("request").value = "";
    const offers = $("offers");
    offers.replaceChildren();
    for (const detail of found.offers) {
      const label = document.createElement("label");
      label.className = "offer";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.value = detail;
      label.append(box, `Last time you mentioned “${detail}” — use it again?`);
      offers.append(label);
    }
    $("question").textContent = found.question ? found.question.text : "";
  } catch (error) { $("commission-error").textContent = error.message; }
}

function show(letter) {
  current = letter.id;
  $("draft").hidden = false;
  $("draft-title").textContent = `Letter ${letter.id}, version ${letter.version} · ${letter.words} words`;
  $("draft-text").textContent = letter.text;
  const problems = $("draft-problems");
  problems.replaceChildren();
  for (const problem of letter.problems) {
    const li = document.createElement("li");
    li.textContent = `The check finds: ${problem.note}`;
    problems.append(li);
  }
  loadVersions();
}

async function write(event) {
  event.preventDefault();
  $("commission-error").textContent = "";
  $("write").disabled = true;
  $("writing").hidden = false;
  try {
    show(await api("/api/letters", { method: "POST", body: JSON.stringify(fields()) }));
    loadList();
  } catch (error) { $("commission-error").textContent = error.message; }
  $("write").disabled = false;
  $("writing").hidden = true;
}

async function revise(event) {
  event.preventDefault();
  const instruction = $("instruction").value.trim();
  if (!instruction || current === null) return;
  $("revise-error").textContent = "Rewriting…";
  try {
    show(await api(`/api/letters/${current}/revise`, { method: "POST", body: JSON.stringify({ instruction }) }));
    $("instruction").value = "";
    $("revise-error").textContent = "";
    loadList();
  } catch (error) { $("revise-error").textContent = error.message; }
}

async function loadVersions() {
  const versions = await api(`/api/letters/${current}/versions`);
  const list = $("versions");
  list.replaceChildren();
  for (const select of [$("diff-a"), $("diff-b")]) select.replaceChildren();
  for (const version of versions) {
    const li = document.createElement("li");
    li.value = version.number;
    li.textContent = `${version.instruction} · ${version.words} words `;
    const restore = document.createElement("button");
    restore.type = "button";
    restore.className = "soft";
    restore.textContent = "Restore";
    restore.addEventListener("click", async () => {
      await api(`/api/letters/${current}/restore`, { method: "POST", body: JSON.stringify({ number: version.number }) });
      show(await api(`/api/letters/${current}`));
    });
    li.append(restore);
    list.append(li);
    for (const select of [$("diff-a"), $("diff-b")]) select.append(new Option(`version ${version.number}`, version.number));
  }
  if (versions.length > 1) $("diff-a").value = versions[versions.length - 2].number;
  if (versions.length) $("diff-b").value = versions[versions.length - 1].number;
  $("diff-text").replaceChildren();
}

async function showDiff() {
  const found = await api(`/api/letters/${current}/diff?a=${$("diff-a").value}&b=${$("diff-b").value}`);
  const out = $("diff-text");
  out.replaceChildren();
  for (const part of found.parts) {
    const node = part.op === "=" ? document.createElement("span")
      : document.createElement(part.op === "-" ? "del" : "ins");
    node.textContent = part.text;
    out.append(node, " ");
  }
}

async function loadList() {
  const letters = await api("/api/letters");
  const list = $("letter-list");
  list.replaceChildren();
  for (const letter of letters) {
    const li = document.createElement("li");
    const open = document.createElement("button");
    open.type = "button";
    open.className = "soft";
    open.textContent = "Open";
    open.addEventListener("click", async () => show(await api(`/api/letters/${letter.id}`)));
    const to = letter.sender === "me" ? letter.recipient : `${letter.sender} → ${letter.recipient}`;
    const chosen = document.createElement("input");
    chosen.type = "checkbox";
    chosen.className = "in-book";
    chosen.value = letter.id;
    chosen.title = "In the book";
    chosen.setAttribute("aria-label", `letter ${letter.id} in the book`);
    li.append(chosen, `${letter.created_at.slice(0, 10)} · ${to}${letter.occasion ? " · " + letter.occasion : ""} `
      + `(version ${letter.version}) `, open);
    list.append(li);
  }
  if (!letters.length) list.textContent = "No letters yet.";
  $("book").hidden = !letters.length;
}

let bookUrl = null; // the last book made, until the next replaces it

async function makeBook(event) {
  event.preventDefault();
  $("book-error").textContent = "";
  $("book-download").hidden = true;
  const body = { title: $("book-title").value.trim(), size: $("book-size").value,
    ids: [...document.querySelectorAll("#letter-list input.in-book:checked")].map((box) => Number(box.value)) };
  if ($("book-from").value) body.since = $("book-from").value;
  if ($("book-to").value) body.until = $("book-to").value;
  $("make-book").disabled = true;
  $("book-status").textContent = "Setting the pages…";
  try {
    const response = await fetched("/api/letters/book", { method: "POST", body: JSON.stringify(body) });
    const name = (response.headers.get("Content-Disposition") || "").match(/filename="([^"]+)"/);
    if (bookUrl) URL.revokeObjectURL(bookUrl);
    bookUrl = URL.createObjectURL(await response.blob());
    const link = $("book-download");
    link.href = bookUrl;
    link.download = name ? name[1] : "letters.pdf";
    link.hidden = false;
    $("book-status").textContent = "";
    link.click(); // offered at once; the link stays for another copy
  } catch (error) {
    $("book-status").textContent = "";
    $("book-error").textContent = error.message;
  }
  $("make-book").disabled = false;
}

$("prepare").addEventListener("click", prepare);
$("commission").addEventListener("submit", write);
$("revise").addEventListener("submit", revise);
$("diff").addEventListener("click", showDiff);
$("book").addEventListener("submit", makeBook);
loadList().catch(() => {});
