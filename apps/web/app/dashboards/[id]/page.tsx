import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { Dashboard } from "../../../components/dashboard";
import { HubConfigError } from "../../../components/hub-config-error";
import { webEnv } from "../../../env";
import { hubUrlFrom } from "../../../lib/hub-url";
import { initialRoom } from "../../../lib/initial-room";
import { dashboardRoom } from "../../../lib/rooms";

interface DashboardPageProps {
  params: Promise<{ id: string }>;
}

export async function generateMetadata({ params }: DashboardPageProps): Promise<Metadata> {
  const { id } = await params;
  return { title: `Dashboard ${id}` };
}

export default async function DashboardPage({ params }: DashboardPageProps) {
  const { id } = await params;
  const room = dashboardRoom(id);
  if (room === undefined) notFound();
  await connection();
  const hub = hubUrlFrom(webEnv());
  // The room as it is now, read with the viewer's token: the HTML shows it without JavaScript.
  const initial = hub.ok ? await initialRoom(hub.url, room) : undefined;
  return (
    <main id="main" className="page">
      <header className="page__header">
        <h1>Dashboard {id}</h1>
        <p className="pb-muted">
          Live data of room <code>{room}</code>.
        </p>
      </header>
      {hub.ok ? (
        <Dashboard key={room} hubUrl={hub.url} room={room} initial={initial} />
      ) : (
        <HubConfigError message={hub.message} />
      )}
    </main>
  );
}
