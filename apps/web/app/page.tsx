import { connection } from "next/server";
import { Dashboard } from "../components/dashboard";
import { HubConfigError } from "../components/hub-config-error";
import { webEnv } from "../env";
import { hubUrlFrom } from "../lib/hub-url";
import { OVERVIEW_ROOM } from "../lib/rooms";

export default async function OverviewPage() {
  // Rendered per request, so NEXT_PUBLIC_HUB_URL is read from the running server's environment.
  await connection();
  const hub = hubUrlFrom(webEnv());
  return (
    <main id="main" className="page">
      <header className="page__header">
        <h1>Overview</h1>
        <p className="pb-muted">
          Everything the media servers report, live. Room <code>{OVERVIEW_ROOM}</code>.
        </p>
      </header>
      {hub.ok ? (
        <Dashboard hubUrl={hub.url} room={OVERVIEW_ROOM} />
      ) : (
        <HubConfigError message={hub.message} />
      )}
    </main>
  );
}
