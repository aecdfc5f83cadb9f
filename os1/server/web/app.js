// The OS1 web app: no build step, no framework. Talks to the server's own API.
"use strict";

const $ = (id) => document.getElementById(id);
let socket = null;
let speaking = null; // the <li> her reply is streaming into

async function api(path, options = {}) {
  const response = await fetch(path, {
    credentials: "same-origin",
    headers: options.body ? { "Content-Type": "application/json" } : {},
    ...options,
  });
  if (response.status === 401) { showSignIn(); throw new Error("signed out"); }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(typeof problem.detail === "string" ? problem.detail : `error ${response.status}`);
  }
  return response.status === 204 ? null : response.json();
}

function showSignIn() {
  $("app").hidden = true;
  $("signin").hidden = false;
  if (socket) { socket.close(); socket = null; }
}

async function start() {
  let me;
  try { me = await api("/api/me"); } catch { return; }
  $("signin").hidden = true;
  const setup = await api("/api/setup");
  if (setup.needed) { meet(setup.questions); return; }
  $("meet").hidden = true;
  $("app").hidden = false;
  $("companion-name").textContent = me.companion;
  $("mood").textContent = me.mood.name;
  $("signout").hidden = !me.accounts; // one person on their own machine: no one signs in or out
  document.title = `${me.companion} · OS1`;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && (await api("/api/settings")).timezone !== zone) {
    // Its "tomorrow" and its quiet hours are yours, wherever the server is.
    await api("/api/settings", { method: "PATCH", body: JSON.stringify({ timezone: zone }) }).catch(() => {});
  }
  const history = await api("/api/history?limit=30");
  $("messages").innerHTML = "";
  history.forEach((turn) => addMessage(turn.role, turn.content));
  connect();
}

function meet(questions) {
  // The first meeting, as in the film: a few questions, then it chooses its own name.
  $("meet").hidden = false;
  const form = $("meet-form");
  form.innerHTML = "";
  questions.forEach((question) => {
    const label = document.createElement("label");
    label.textContent = question.text;
    const input = document.createElement("input");
    input.name = question.key;
    input.maxLength = 1000;
    label.appendChild(input);
    form.appendChild(label);
  });
  const go = document.createElement("button");
  go.type = "submit"; go.id = "meet-answer"; go.textContent = "That's me";
  form.appendChild(go);
  form.onsubmit = async (event) => {
    event.preventDefault();
    go.disabled = true; go.textContent = "Thinking of a name…";
    const answers = Object.fromEntries(questions.map((q) => [q.key, form.elements[q.key].value]));
    const chosen = await api("/api/setup", { method: "POST", body: JSON.stringify({ answers }) });
    form.hidden = true;
    $("named").hidden = false;
    $("named-text").textContent = `I'd like to call myself ${chosen.name}. ${chosen.reason}`;
  };
}

$("rename-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const name = $("rename").value.trim();
  try {
    if (name) await api("/api/setup/name", { method: "POST", body: JSON.stringify({ name }) });
    $("meet").hidden = true;
    start();
  } catch (error) { $("rename-error").textContent = error.message; }
});

function addMessage(role, text) {
  const item = document.createElement("li");
  item.className = role;
  if (role === "assistant") write(item, text); else item.textContent = text;
  $("messages").appendChild(item);
  item.scrollIntoView({ block: "end" });
  return item;
}

function write(item, text) {
  // Her words, as she wrote them so far, in the safe part of Markdown (markdown.js).
  item.raw = text;
  item.replaceChildren(renderMarkdown(text));
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}/api/live`);
  socket.binaryType = "arraybuffer";
  let sentence = null; // an "audio" message: its samples come in the next, binary, message
  socket.onmessage = (event) => {
    if (event.data instanceof ArrayBuffer) {
      if (sentence && !voice.muted) play(sentence.rate, event.data);
      sentence = null;
      return;
    }
    const message = JSON.parse(event.data);
    if (message.type === "hello") {
      $("companion-name").textContent = message.companion;
      $("mood").textContent = message.mood;
      const button = $("talk-button");
      button.hidden = $("hands-free").hidden = !message.voice;
      button.disabled = $("hands-free").disabled = !canListen();
      button.title = canListen() ? "Hold to talk"
        : window.isSecureContext ? "This browser can't record audio"
          : "Voice needs https:// (or this computer's own address)";
    } else if (message.type === "audio") {
      sentence = message;
    } else if (message.type === "listening") { // hands-free: the server hears you begin
      if (!heard) heard = addMessage("user", "…");
    } else if (message.type === "barge_in") { // hands-free: you spoke over her
      if (speaking || voice.playing.length) interrupt(true);
    } else if (message.type === "turn_end") {
      $("send").disabled = true;
    } else if (message.type === "heard") {
      voice.muted = false; // a new reply: anything after this is hers to say
      if (heard) {
        heard.textContent = message.text || "(I didn't catch that. Hold the button while you speak.)";
        heard.classList.toggle("unheard", !message.text);
      }
      heard = null;
    } else if (message.type === "token") {
      if (!speaking) speaking = addMessage("assistant", "");
      write(speaking, speaking.raw + message.text);
      speaking.scrollIntoView({ block: "end" });
    } else if (message.type === "done") {
      if (message.mood) $("mood").textContent = message.mood;
      voice.muted = false;
      voice.fresh = true; // the next sentence that plays begins a new reply
      settle();
    } else if (message.type === "reminder") {
      showReminder(message.text); // calendar.js
    } else if (message.type === "error") {
      addMessage("assistant", `(${message.detail})`);
      stopListening();
      settle();
    }
  };
  socket.onopen = () => { retries = 0; };
  socket.onclose = (event) => {
    socket = null;
    cancelListening();
    hush();
    settle();
    if (event.code === 4401) { showSignIn(); return; }
    if ($("app").hidden) return;
    retries += 1; // the connection dropped: come back, waiting longer each time
    setTimeout(() => { if (!socket && !$("app").hidden) connect(); }, Math.min(1000 * retries, 10000));
  };
}

let retries = 0;

function settle() {
  // A turn is over (or cut off): nothing is left waiting for an answer.
  if (heard && heard.textContent === "…") heard.remove();
  heard = null;
  speaking = null;
  $("send").disabled = false;
}

function say(text) {
  if (!text.trim()) return;
  if (!socket || socket.readyState !== WebSocket.OPEN) { connect(); setTimeout(() => say(text), 300); return; }
  const speak = aloud() && !$("talk-button").hidden && !$("talk-button").disabled;
  if (speak && voice.playing.length) interrupt(); // typing over her stops her too
  addMessage("user", text);
  $("send").disabled = true;
  socket.send(JSON.stringify({ type: "turn", text, speak }));
}

// "Say her replies aloud" belongs to this device (a phone on the bus may want it off).
const aloud = () => localStorage.getItem("os1-aloud") === "on";

// Voice: hold the button (or Space on it) and speak; let go, and she answers aloud. The sound
// goes to the server's speech recognition; her reply comes back a sentence at a time.
const voice = {
  context: null, stream: null, node: null, source: null, live: false, press: 0, handsFree: false,
  playhead: 0, playing: [], starts: [], fresh: true, muted: false,
};
let heard = null; // the <li> that will show what the server heard

function canListen() {
  return Boolean(navigator.mediaDevices && navigator.mediaDevices.getUserMedia && window.AudioWorkletNode);
}

async function audioContext() {
  if (!voice.context) {
    voice.context = new AudioContext();
    await voice.context.audioWorklet.addModule("/static/microphone.js");
  }
  if (voice.context.state === "suspended") await voice.context.resume();
  return voice.context;
}

function play(rate, pcm) {
  if (!voice.context) return; // no sound before the first press: browsers forbid it
  const samples = new Int16Array(pcm);
  const buffer = voice.context.createBuffer(1, samples.length, rate);
  const data = buffer.getChannelData(0);
  for (let i = 0; i < samples.length; i++) data[i] = samples[i] / 32768;
  const source = voice.context.createBufferSource();
  source.buffer = buffer;
  source.connect(voice.context.destination);
  const at = Math.max(voice.context.currentTime + 0.02, voice.playhead);
  source.start(at);
  if (voice.fresh) { voice.starts = []; voice.fresh = false; }
  voice.starts.push(at); // when each sentence of this reply begins to play
  voice.playhead = at + buffer.duration;
  voice.playing.push(source);
  $("app").classList.add("speaking");
  source.onended = () => {
    voice.playing = voice.playing.filter((s) => s !== source);
    if (!voice.playing.length) $("app").classList.remove("speaking");
  };
}

function hush() {
  voice.playing.forEach((source) => { try { source.stop(); } catch { /* already over */ } });
  voice.playing = [];
  voice.playhead = 0;
  $("app").classList.remove("speaking");
}

function interrupt(stopped = false) {
  // Cut her off: the server keeps only the sentences she had begun to say. When the server
  // stopped her itself (you spoke over her, hands-free), it only needs to know how many; a
  // stop then would also cancel what you have just said.
  const now = voice.context ? voice.context.currentTime : 0;
  const played = voice.starts.filter((at) => at <= now).length;
  if (stopped) {
    if (voice.starts.length) socket.send(JSON.stringify({ type: "played", played }));
  } else {
    socket.send(JSON.stringify(voice.starts.length ? { type: "stop", played } : { type: "stop" }));
  }
  voice.starts = [];
  // If her reply is still coming, what is already on its way is not to be played: the
  // server ends that reply (with "done") before it begins the next.
  voice.muted = Boolean(speaking);
  hush();
}

async function startListening() {
  if (voice.live || !socket || socket.readyState !== WebSocket.OPEN) return;
  const press = ++voice.press; // a later press or a release makes this one stale
  voice.live = true;
  $("talk-button").classList.add("recording");
  if (speaking || voice.playing.length) interrupt();
  try {
    const context = await audioContext();
    const stream = await navigator.mediaDevices.getUserMedia(
      { audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
    if (press !== voice.press || !voice.live || !socket) { // let go already
      stream.getTracks().forEach((track) => track.stop());
      return;
    }
    voice.stream = stream;
    const node = voice.node = new AudioWorkletNode(context, "microphone");
    const source = voice.source = context.createMediaStreamSource(stream);
    node.port.onmessage = (event) => {
      if (event.data === "flushed") {
        node.port.onmessage = null; // the utterance is complete
        source.disconnect();
        node.disconnect();
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "voice_end" }));
      } else if (socket && socket.readyState === WebSocket.OPEN) {
        socket.send(event.data);
      }
    };
    socket.send(JSON.stringify({ type: "voice", rate: context.sampleRate }));
    source.connect(node);
  } catch (error) {
    if (press !== voice.press) return;
    cancelListening();
    addMessage("assistant", `(I can't hear you: ${error.message}. Allow the microphone for this page.)`);
  }
}

function stopStream() {
  if (voice.stream) voice.stream.getTracks().forEach((track) => track.stop());
  voice.stream = null;
}

function stopListening() {
  // Let go: the rest of the samples, then voice_end, and wait for what was heard.
  if (!voice.live || voice.handsFree) return;
  voice.press += 1;
  voice.live = false;
  $("talk-button").classList.remove("recording");
  stopStream();
  if (!voice.node) return;
  const node = voice.node;
  voice.node = voice.source = null;
  heard = addMessage("user", "…");
  $("send").disabled = true;
  node.port.postMessage("flush");
}

function cancelListening() {
  // The connection is gone (or the microphone refused): drop what was being recorded.
  voice.press += 1;
  voice.live = voice.handsFree = false;
  $("talk-button").classList.remove("recording");
  $("hands-free").classList.remove("recording");
  $("hands-free").setAttribute("aria-pressed", "false");
  stopStream();
  if (voice.node) {
    voice.node.port.onmessage = null;
    voice.node.port.postMessage("flush");
    if (voice.source) voice.source.disconnect();
    voice.node.disconnect();
  }
  voice.node = voice.source = null;
}

// Hands-free: the microphone stays open; the server finds where each turn ends (its
// end-of-turn model hears when you have finished) and speaking over her stops her. The
// browser's own echo cancellation keeps her voice out of the microphone.
async function startHandsFree() {
  if (voice.live || !socket || socket.readyState !== WebSocket.OPEN) return;
  voice.live = voice.handsFree = true;
  const button = $("hands-free");
  button.classList.add("recording");
  button.setAttribute("aria-pressed", "true");
  try {
    const context = await audioContext();
    const stream = await navigator.mediaDevices.getUserMedia(
      { audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
    if (!voice.handsFree || !socket) { stream.getTracks().forEach((track) => track.stop()); return; }
    voice.stream = stream;
    const node = voice.node = new AudioWorkletNode(context, "microphone");
    const source = voice.source = context.createMediaStreamSource(stream);
    node.port.onmessage = (event) => {
      if (event.data === "flushed") {
        node.port.onmessage = null;
        source.disconnect();
        node.disconnect();
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "voice_end" }));
      } else if (socket && socket.readyState === WebSocket.OPEN) {
        socket.send(event.data);
      }
    };
    socket.send(JSON.stringify({ type: "voice", rate: context.sampleRate, hands_free: true }));
    source.connect(node);
  } catch (error) {
    stopHandsFree();
    addMessage("assistant", `(I can't hear you: ${error.message}. Allow the microphone for this page.)`);
  }
}

function stopHandsFree() {
  if (!voice.handsFree) return;
  voice.handsFree = voice.live = false;
  const button = $("hands-free");
  button.classList.remove("recording");
  button.setAttribute("aria-pressed", "false");
  stopStream();
  if (voice.node) voice.node.port.postMessage("flush");
  voice.node = voice.source = null;
}

$("hands-free").addEventListener("click", () => (voice.handsFree ? stopHandsFree() : startHandsFree()));

const talkButton = $("talk-button");
talkButton.addEventListener("pointerdown", (event) => { event.preventDefault(); startListening(); });
["pointerup", "pointerleave", "pointercancel"].forEach((kind) => talkButton.addEventListener(kind, stopListening));
talkButton.addEventListener("keydown", (event) => { if (event.key === " " && !event.repeat) { event.preventDefault(); startListening(); } });
talkButton.addEventListener("keyup", (event) => { if (event.key === " ") stopListening(); });
talkButton.addEventListener("blur", stopListening);

$("say").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = $("text").value;
  $("text").value = "";
  if (aloud() && !$("talk-button").hidden && !$("talk-button").disabled) {
    await audioContext().catch(() => {}); // sound may only start from a click
  }
  say(text);
});

async function signIn(path) {
  $("signin-error").textContent = "";
  try {
    await api(path, { method: "POST", body: JSON.stringify({ email: $("email").value, password: $("password").value }) });
    await start();
  } catch (error) {
    $("signin-error").textContent = error.message;
  }
}
$("signin-form").addEventListener("submit", (event) => { event.preventDefault(); signIn("/api/auth/signin"); });
$("signup-button").addEventListener("click", () => {
  if ($("signin-form").reportValidity()) signIn("/api/auth/signup");
});

document.querySelectorAll(".tab").forEach((tab) => tab.addEventListener("click", () => {
  document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t === tab));
  document.querySelectorAll(".panel").forEach((panel) => { panel.hidden = panel.id !== tab.dataset.tab; });
  ({ memories: loadMemories, self: loadSelf, settings: loadSettings, calendar: loadCalendar })[tab.dataset.tab]?.();
}));

function memoryItem(memory) {
  const item = document.createElement("li");
  item.dataset.id = memory.id;
  const text = document.createElement("span");
  text.className = "text";
  text.textContent = memory.kind === "fact" ? `${memory.key}: ${memory.text}` : memory.text;
  const meta = document.createElement("span");
  meta.className = "meta";
  meta.textContent = `${memory.kind} · ${memory.at.slice(0, 10)} · ${memory.source}`;
  text.appendChild(meta);
  const edit = document.createElement("button");
  edit.className = "soft"; edit.textContent = "Correct";
  edit.onclick = async () => {
    const corrected = prompt("Correct this memory:", memory.text);
    if (corrected && corrected.trim()) {
      await api(`/api/memories/${memory.id}`, { method: "PATCH", body: JSON.stringify({ text: corrected }) });
      loadMemories();
    }
  };
  const forget = document.createElement("button");
  forget.className = "soft forget"; forget.textContent = "Forget";
  forget.onclick = async () => {
    const what = memory.kind === "fact"
      ? `Forget "${memory.key}: ${memory.text}" for good? Its earlier values, the conversations it came from and everything that says it go too.`
      : "Forget this for good, with the conversation it came from?";
    if (!confirm(what)) return;
    await api(`/api/memories/${memory.id}`, { method: "DELETE" });
    loadMemories();
  };
  item.append(text, edit, forget);
  return item;
}

async function loadMemories(query) {
  const found = query ? await api(`/api/memories/search?q=${encodeURIComponent(query)}`)
                      : await api("/api/memories?limit=100");
  const list = $("memory-list");
  list.innerHTML = "";
  if (!found.length) list.innerHTML = "<li class='quiet'>Nothing here yet.</li>";
  found.forEach((memory) => list.appendChild(memoryItem(memory)));
  $("forget-all-row").hidden = !query || query.length < 2;
  $("forget-all-note").textContent = "";
  loadPeople(query);
}

// "People in your life": who she knows of, and what she knows of them (read only).
async function loadPeople(query) {
  const people = query ? [] : await api("/api/people");
  const list = $("people-list");
  list.innerHTML = "";
  people.forEach((person) => {
    const item = document.createElement("li");
    item.textContent = person.says;
    list.appendChild(item);
  });
  $("people-title").hidden = !people.length;
}
$("memory-search").addEventListener("submit", (event) => { event.preventDefault(); loadMemories($("memory-query").value.trim()); });

// "Forget all of this": everything that mentions the search, shown first, gone once confirmed.
function listed(found) {
  const lines = [
    ...found.memories.map((m) => `• ${m.kind}: ${m.text}`),
    ...found.turns.map((t) => `• ${t.role === "user" ? "you said" : "she said"}: ${t.content}`),
    ...found.checkins.map((c) => `• check-in: ${c.about}`),
    ...found.self_changes.map((c) => `• change to her self: ${c.key}`),
    ...(found.people || []).map((p) => `• a person in your life: ${[p.relation, p.name].filter(Boolean).join(" ")}`),
    ...(found.person_facts || []).map((p) => `• about a person in your life: ${p.value}`),
  ].map((line) => (line.length > 100 ? `${line.slice(0, 99)}…` : line));
  if (found.notes.length) lines.push(`• notes kept with ${found.notes.length} later turns`);
  if ((found.contexts || []).length) lines.push(`• what ${found.contexts.length} memories keep of the turn before them`);
  return lines.slice(0, 15).join("\n") + (lines.length > 15 ? `\n… and ${lines.length - 15} more` : "");
}
$("forget-all").addEventListener("click", async () => {
  const about = $("memory-query").value.trim();
  const found = await api("/api/memories/forget", { method: "POST", body: JSON.stringify({ about }) });
  if (!found.count) { $("forget-all-note").textContent = "Nothing mentions that."; return; }
  if (!confirm(`Forget all ${found.count} things that mention "${about}", for good?\n\n${listed(found)}`)) return;
  await api("/api/memories/forget", { method: "POST", body: JSON.stringify({ about, confirm: true }) });
  $("memory-query").value = "";
  await loadMemories();
  $("forget-all-note").textContent = `Everything about "${about}" is forgotten.`;
  $("forget-all-row").hidden = false;
});

async function loadSelf() {
  const self = await api("/api/self");
  $("narrative").textContent = self.narrative || "Still finding out who I am with you.";
  $("closeness").textContent = `${self.relationship.level} — ${self.relationship.why}`;
  $("traits").innerHTML = "";
  Object.entries(self.traits).forEach(([trait, value]) => {
    const row = document.createElement("div");
    row.className = "trait";
    row.innerHTML = `<span></span><div class="bar"><span style="width:${Math.round(value * 100)}%"></span></div><span>${value.toFixed(2)}</span>`;
    row.firstChild.textContent = trait + (self.pinned.includes(trait) ? " 📌" : "");
    $("traits").appendChild(row);
  });
  $("drift").src = `/api/self/plot.svg?t=${Date.now()}`;
  const changes = await api("/api/self/history");
  $("timeline").innerHTML = "";
  changes.slice(-30).reverse().forEach((change) => {
    const item = document.createElement("li");
    item.textContent = `${change.at.slice(0, 10)} — ${change.aspect} ${change.aspect === "preference" ? "" : change.key}: ${change.reason}`;
    $("timeline").appendChild(item);
  });
}

async function loadSettings() {
  const settings = await api("/api/settings");
  $("setting-name").value = settings.name || "";
  $("setting-checkins").checked = settings.checkins;
  $("setting-english").value = settings.english || "";
  $("setting-aloud").checked = aloud();
  $("setting-aloud-row").hidden = $("talk-button").hidden || $("talk-button").disabled;
}
$("settings-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const name = $("setting-name").value.trim();
  try {
    await api("/api/settings", { method: "PATCH", body: JSON.stringify({ ...(name ? { name } : {}), checkins: $("setting-checkins").checked,
      english: $("setting-english").value }) });
    $("settings-saved").textContent = "Saved.";
  } catch (error) {
    $("settings-saved").textContent = error.message;  // e.g. what a name may be
  }
});
$("setting-aloud").addEventListener("change", (event) => {
  localStorage.setItem("os1-aloud", event.target.checked ? "on" : "off");
});
$("erase-all").addEventListener("click", async () => {
  if (prompt('This erases everything your companion holds about you, for good. Type "erase" to go on:') !== "erase") return;
  await api("/api/me", { method: "DELETE", body: JSON.stringify({ confirm: "erase" }) });
  location.reload();
});
$("signout").addEventListener("click", async () => { await api("/api/auth/signout", { method: "POST" }).catch(() => {}); showSignIn(); });

start();
