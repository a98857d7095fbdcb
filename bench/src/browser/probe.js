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
  requestAnimationFrame(onFrame);

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
