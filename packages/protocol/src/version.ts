/** Wire protocol version, sent in `welcome.protocol`. Bumped only for incompatible changes. */
export const PROTOCOL_VERSION = 1;

/** WebSocket subprotocol a client may offer; the hub selects it when offered. */
export const SUBPROTOCOL = "pulseboard.v1";
