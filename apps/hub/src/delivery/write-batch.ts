import type { Socket } from "node:net";

/**
 * Coalesces a tick's writes into one syscall per socket: the first write to a socket in a tick
 * corks it, and a microtask at the end of the tick uncorks them all. A burst of events fanned
 * out synchronously then reaches each client as one `writev` instead of one write per event.
 */
const corked: Socket[] = [];
let scheduled = false;

export function corkForThisTick(socket: Socket): void {
  socket.cork();
  corked.push(socket);
  if (!scheduled) {
    scheduled = true;
    queueMicrotask(uncorkAll);
  }
}

function uncorkAll(): void {
  scheduled = false;
  // Sockets corked while uncorking (a write from a 'drain' handler) wait for the next round.
  const batch = corked.splice(0);
  for (const socket of batch) socket.uncork();
}
