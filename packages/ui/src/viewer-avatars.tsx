import type { PresenceMember } from "@pulseboard/protocol";
import { cx } from "./class-names.js";
import { avatarColourIndex, initials, memberLabel } from "./member-avatar.js";

export interface ViewerAvatarsProps {
  /** Who has the room open, in the order they arrived (the client's `RoomPresence.members`). */
  members: readonly PresenceMember[];
  /** The signed-in user's id (token `sub`); their avatar is marked "(you)". */
  selfId?: string | undefined;
  /** Most avatars shown (default 5); the rest collapse into a "+N" bubble. */
  max?: number;
}

/**
 * Who is viewing the room, as a row of initials. The initials and colours are decoration
 * (hidden from assistive technology); every avatar carries the full name as text and as a
 * tooltip, and the "+N" bubble names the people it hides.
 */
export function ViewerAvatars({ members, selfId, max = 5 }: ViewerAvatarsProps) {
  if (members.length === 0) return null;
  const shown = members.slice(0, Math.max(0, max));
  const hidden = members.slice(shown.length);
  const label = (member: PresenceMember) =>
    member.id === selfId ? `${memberLabel(member)} (you)` : memberLabel(member);
  const hiddenNames = hidden.map(label).join(", ");

  return (
    <ul className="pb-avatars" aria-label="Viewers">
      {shown.map((member) => (
        <li
          key={member.id}
          className={cx(
            "pb-avatar",
            `pb-avatar--colour-${avatarColourIndex(member.id)}`,
            member.id === selfId && "pb-avatar--self",
          )}
          title={label(member)}
        >
          <span aria-hidden="true">{initials(memberLabel(member))}</span>
          <span className="pb-visually-hidden">{label(member)}</span>
        </li>
      ))}
      {hidden.length === 0 ? null : (
        <li className="pb-avatar pb-avatar--more" title={hiddenNames}>
          <span aria-hidden="true">+{hidden.length}</span>
          <span className="pb-visually-hidden">
            {hidden.length} more: {hiddenNames}
          </span>
        </li>
      )}
    </ul>
  );
}
