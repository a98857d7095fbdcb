import { redirect } from "next/navigation";
import { dashboardRoom } from "../../lib/rooms";

interface DashboardsPageProps {
  searchParams: Promise<{ id?: string | string[] }>;
}

/** Target of the header's "open dashboard" form: `/dashboards?id=42` → `/dashboards/42`. */
export default async function DashboardsPage({ searchParams }: DashboardsPageProps) {
  const { id } = await searchParams;
  const wanted = typeof id === "string" ? id.trim() : "";
  if (wanted !== "" && dashboardRoom(wanted) !== undefined) {
    redirect(`/dashboards/${encodeURIComponent(wanted)}`);
  }
  return (
    <main id="main" className="page">
      <header className="page__header">
        <h1>Open a dashboard</h1>
      </header>
      <p>
        {wanted === ""
          ? "Enter a dashboard id in the header."
          : `“${wanted.slice(0, 80)}” is not a dashboard id: use up to 54 letters, digits, “_”, “-” or “:”.`}
      </p>
    </main>
  );
}
