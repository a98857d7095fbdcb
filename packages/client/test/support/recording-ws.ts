import WebSocket from "ws";

/** The `ws` client, recording every URL the connection dials. */
export function recordingWebSocket() {
  const urls: URL[] = [];
  class RecordingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      urls.push(new URL(url));
    }
  }
  return { WebSocket: RecordingWebSocket, urls };
}
