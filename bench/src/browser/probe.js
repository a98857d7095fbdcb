// In-page instrumentation of the browser benchmark, installed with page.addInitScript so it
// runs before any script of the dashboard. Plain JavaScript on purpose: Playwright injects this
// file as it is, while a TypeScript function passed to addInitScript would be serialized from
// tsx's output, which may call helpers that do not exist in the page. bench/src/browser/probe.ts
// declares the shape of what it collects and reads it out.
(() => {
  if (window.top !== window) return;

  const state = {
    /** requestAnimationFrame timestamps: one per frame the main thread produced. */
    frames: [],
    /** [startTime, duration] of every Long Task (main-thread tasks over 50 ms). */
    longTasks: [],
    /** Event Timing entries of pointer and click events (reported when ≥ 16 ms). */
    events: [],
    /** One record per click: its timestamps as seen by listeners on window. */
    clicks: [],
    /** React commits that touched the activity feed, while watched. */
    feed: { commits: 0, addedRows: 0 },
    marks: {},
    /** PerformanceObserver.supportedEntryTypes: tells "no entry" from "not supported". */
    supportedEntryTypes: PerformanceObserver.supportedEntryTypes ?? [],
  };

  // A frame callback that always asks for the next frame keeps the page producing frames at the
  // display rate, as an animated dashboard does; a late callback is a frame the page missed.
  const onFrame = (time) => {
    state.frames.push(time);
    requestAnimationFrame(onFrame);
  };
  // Publish to pixel leaves it out (an init script before this one sets frameLoop: false):
  // there the app's own frames are the subject, and five tabs each drawing 60 frames a second
  // would load the two cores with work the app does not ask for.
  if (window.__pulseboardBenchOptions?.frameLoop !== false) requestAnimationFrame(onFrame);

  const observe = (options, onEntry) => {
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) onEntry(entry);
      }).observe(options);
    } catch {
      // Entry type not supported by this browser: the figure stays empty and says so.
    }
  };
  observe({ type: "longtask", buffered: true }, (entry) => {
    state.longTasks.push([entry.startTime, entry.duration]);
  });
  const POINTER_EVENTS = new Set(["pointerdown", "pointerup", "mousedown", "mouseup", "click"]);
  observe({ type: "event", durationThreshold: 16, buffered: true }, (entry) => {
    if (!POINTER_EVENTS.has(entry.name)) return;
    state.events.push({
      name: entry.name,
      startTime: entry.startTime,
      processingStart: entry.processingStart,
      processingEnd: entry.processingEnd,
      duration: entry.duration,
      interactionId: entry.interactionId ?? 0,
    });
  });

  // Capture phase on window: the first listener to see a click, before the app's handler.
  // The bubble-phase listener on window runs after React's (delegated to the root), so the
  // frame requested there is the first that can show the handler's update.
  let current;
  window.addEventListener(
    "click",
    (event) => {
      current = {
        timeStamp: event.timeStamp,
        capturedAt: performance.now(),
        handledAt: Number.NaN,
        nextFrameAt: Number.NaN,
      };
      state.clicks.push(current);
    },
    { capture: true },
  );
  window.addEventListener("click", () => {
    const click = current;
    if (click === undefined) return;
    click.handledAt = performance.now();
    requestAnimationFrame(() => {
      click.nextFrameAt = performance.now();
    });
  });

  // Publish-to-pixel: when each marked playback's feed row first enters the DOM, on the page's
  // clock made absolute (timeOrigin + now: ms since 1970, the bench process uses the same
  // arithmetic), and the next animation frame after that, the one that paints it.
  const latency = {
    rows: [],
    pendingFrame: [],
    visibility: [],
    observerCalls: 0,
    observerMs: 0,
    /** When the observer was attached to the feed (absolute ms), null before. */
    watchingSince: null,
  };
  let latencyObserver;
  const onLatencyFrame = () => {
    const frameAt = performance.timeOrigin + performance.now();
    for (const row of latency.pendingFrame) row[2] = frameAt;
    latency.pendingFrame = [];
  };
  const rowUser = (node) => {
    if (node.nodeType !== 1) return [];
    const rows = node.matches(".pb-feed__item") ? [node] : node.querySelectorAll(".pb-feed__item");
    const users = [];
    for (const row of rows) {
      const user = row.querySelector(".pb-feed__user")?.textContent;
      if (user) users.push(user);
    }
    return users;
  };

  let feedObserver;
  const text = (selector) => document.querySelector(selector)?.textContent?.trim() ?? null;

  window.__pulseboardBench = {
    mark(name) {
      state.marks[name] = performance.now();
    },
    /** Counts the feed's updates from now on; false when the feed is not rendered. */
    watchFeed() {
      const feed = document.querySelector('[role="log"][aria-label="Recent activity"]');
      if (feed === null) return false;
      feedObserver = new MutationObserver((records) => {
        state.feed.commits++;
        for (const record of records) state.feed.addedRows += record.addedNodes.length;
      });
      feedObserver.observe(feed, { childList: true, subtree: true });
      return true;
    },
    unwatchFeed() {
      feedObserver?.disconnect();
    },
    /**
     * Records [user, domAt, frameAt] for every new feed row whose user starts with `prefix`
     * (the bench writes the event's id there), from when the feed is on the page.
     */
    watchLatency(prefix) {
      const attach = (feed) => {
        latency.watchingSince = performance.timeOrigin + performance.now();
        latency.visibility.push(document.visibilityState);
        latencyObserver = new MutationObserver((records) => {
          const domAt = performance.timeOrigin + performance.now();
          const before = latency.pendingFrame.length;
          for (const record of records) {
            for (const node of record.addedNodes) {
              for (const user of rowUser(node)) {
                if (!user.startsWith(prefix)) continue;
                const row = [user, domAt, Number.NaN];
                latency.rows.push(row);
                latency.pendingFrame.push(row);
              }
            }
          }
          if (before === 0 && latency.pendingFrame.length > 0) {
            requestAnimationFrame(onLatencyFrame);
          }
          // The observer's own cost, in the main-thread time of the tab it measures.
          latency.observerCalls++;
          latency.observerMs += performance.timeOrigin + performance.now() - domAt;
        });
        latencyObserver.observe(feed, { childList: true, subtree: true });
      };
      // Armed before the first event: the feed may render only with it, so look until it is there.
      const find = () => document.querySelector('[role="log"][aria-label="Recent activity"]');
      const feed = find();
      if (feed !== null) attach(feed);
      else {
        const timer = setInterval(() => {
          const found = find();
          if (found === null) return;
          clearInterval(timer);
          attach(found);
        }, 20);
      }
      return true;
    },
    unwatchLatency() {
      latencyObserver?.disconnect();
      latency.visibility.push(document.visibilityState);
    },
    /** This page's absolute clock, for the bench's clock check. */
    clock() {
      return performance.timeOrigin + performance.now();
    },
    latency() {
      return {
        rows: latency.rows,
        visibility: latency.visibility,
        observerCalls: latency.observerCalls,
        observerMs: latency.observerMs,
        watchingSince: latency.watchingSince,
      };
    },
    /** What the dashboard shows now, read the way a person reads it. */
    screen() {
      const stat = (label) => {
        for (const card of document.querySelectorAll(".pb-stat")) {
          if (card.querySelector("dt")?.textContent?.trim() === label) {
            return card.querySelector("dd")?.textContent?.trim() ?? null;
          }
        }
        return null;
      };
      return {
        connection: text(".pb-conn [role=status]"),
        totalPlaybacks: stat("Total playbacks"),
        eventsPerMinute: stat("Events / min"),
        newestFeedUser: text(".pb-feed__user"),
        feedRows: document.querySelectorAll(".pb-feed__item").length,
        alertsOpen: text(".pb-count"),
        alertsAcknowledged: document.querySelectorAll(".pb-alert--done").length,
      };
    },
    collect() {
      return state;
    },
  };
})();
