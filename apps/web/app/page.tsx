import { connection } from "next/server";
import { Dashboard } from "../components/dashboard";
import { HubConfigError } from "../components/hub-config-error";
import { webEnv } from "../env";
import { hubUrlFrom } from "../lib/hub-url";
import { initialRoom } from "../lib/initial-room";
import { OVERVIEW_ROOM } from "../lib/rooms";

export default async function OverviewPage() {
  // Rendered per request, so NEXT_PUBLIC_HUB_URL is read from the running server's environment.
  await connection();
  const hub = hubUrlFrom(webEnv());
  // The room as it is now, read with the viewer's token: the HTML shows it without JavaScript.
  const initial = hub.ok ? await initialRoom(hub.url, OVERVIEW_ROOM) : undefined;
  return (
    <main id="main" className="page">
      <header className="page__header">
        <h1>Overview</h1>
        <p className="pb-muted">
          Everything the media servers report, live. Room <code>{OVERVIEW_ROOM}</code>.
        </p>
      </header>
      {hub.ok ? (
        <Dashboard key={OVERVIEW_ROOM} hubUrl={hub.url} room={OVERVIEW_ROOM} initial={initial} />
      ) : (
        <HubConfigError message={hub.message} />
      )}
    </main>
  );
}
