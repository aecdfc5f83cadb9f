// The microphone, inside the audio thread: 16-bit samples for the server, posted about
// every 85 ms (4096 samples at 48 kHz), and whatever is left when asked to "flush".
"use strict";

class Microphone extends AudioWorkletProcessor {
  constructor() {
    super();
    this.chunks = [];
    this.size = 0;
    this.over = false;
    this.port.onmessage = (event) => {
      if (event.data === "flush") { this.send(); this.over = true; this.port.postMessage("flushed"); }
    };
  }

  send() {
    if (!this.size) return;
    const out = new Int16Array(this.size);
    let at = 0;
    for (const chunk of this.chunks) {
      for (let i = 0; i < chunk.length; i++) {
        const s = Math.max(-1, Math.min(1, chunk[i]));
        out[at++] = s < 0 ? s * 32768 : s * 32767;
      }
    }
    this.chunks = [];
    this.size = 0;
    this.port.postMessage(out.buffer, [out.buffer]);
  }

  process(inputs) {
    if (this.over) return false; // this utterance is finished: let the processor go
    const channel = inputs[0] && inputs[0][0];
    if (channel) {
      this.chunks.push(channel.slice());
      this.size += channel.length;
      if (this.size >= 4096) this.send();
    }
    return true;
  }
}

registerProcessor("microphone", Microphone);
