/**
 * The hub's testing API (HUB_TESTING_API=1, never in production): what
 * `GET /api/v1/testing/state` answers, for tests of other packages that run the hub as a
 * process (the testkit's `startTestHubProcess`). Not part of the client protocol.
 */
export interface TestHubState {
  epoch: string;
  /** Every connection as the hub sees it: `open` is false once it decided to close it. */
  connections: { open: boolean; rooms: string[] }[];
  replayedEvents: number;
  /** `reset` messages sent, by reason. */
  resets: Record<string, number>;
  slowConsumerCloses: number;
}
