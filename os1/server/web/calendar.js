// The Calendar tab: what's coming, adding and cancelling, and everything her tools did (with
// undo); and reminders raised over the live connection, shown and notified by the browser.

function showReminder(text) {
  const item = addMessage("assistant", text);
  item.classList.add("reminder");
  if ("Notification" in window && Notification.permission === "granted") {
    new Notification($("companion-name").textContent || "OS1", { body: text });
  }
}

function askToNotify() {
  // Browsers let a page ask only from something the user did: asked when reminders come up.
  if ("Notification" in window && Notification.permission === "default") {
    Notification.requestPermission().catch(() => {});
  }
}

$("say").addEventListener("submit", () => {
  if (/\b(remind|calendar|appointment)/i.test($("text").value)) askToNotify();
});

function calendarItem(entry) {
  const item = document.createElement("li");
  const text = document.createElement("span");
  text.className = "text";
  text.textContent = entry.text;
  const meta = document.createElement("span");
  meta.className = "meta";
  meta.textContent = `${entry.kind} · ${entry.when}` + (entry.alarm ? ` · reminder ${entry.alarm} min before` : "");
  text.appendChild(meta);
  const cancel = document.createElement("button");
  cancel.className = "soft forget"; cancel.textContent = "Cancel";
  cancel.onclick = async () => {
    await api(`/api/reminders/${entry.id}`, { method: "DELETE" });
    loadCalendar();
  };
  item.append(text, cancel);
  return item;
}

async function loadCalendar() {
  const items = await api("/api/reminders?days=30");
  const list = $("calendar-list");
  list.innerHTML = "";
  if (!items.length) list.innerHTML = "<li class='quiet'>Nothing in the next 30 days.</li>";
  items.forEach((entry) => list.appendChild(calendarItem(entry)));
  const done = await api("/api/activity?limit=30");
  const log = $("activity-list");
  log.innerHTML = "";
  done.forEach((entry) => {
    const item = document.createElement("li");
    const text = document.createElement("span");
    text.className = "text";
    text.textContent = entry.summary;
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = `${entry.at.slice(0, 16).replace("T", " ")} · ${entry.tool} · ${entry.status}`;
    text.appendChild(meta);
    item.appendChild(text);
    if (entry.undoable) {
      const undo = document.createElement("button");
      undo.className = "soft"; undo.textContent = "Undo";
      undo.onclick = async () => { await api(`/api/activity/${entry.id}/undo`, { method: "POST" }); loadCalendar(); };
      item.appendChild(undo);
    }
    log.appendChild(item);
  });
}

$("calendar-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  askToNotify();
  try {
    const added = await api("/api/reminders", { method: "POST", body: JSON.stringify({
      text: $("calendar-text").value, when: $("calendar-when").value, kind: $("calendar-kind").value }) });
    $("calendar-note").textContent = added.said;
    $("calendar-text").value = ""; $("calendar-when").value = "";
    loadCalendar();
  } catch (error) { $("calendar-note").textContent = error.message; }
});
