/**
 * Bracketed role notes in payee names — "Suresh Patel (Driver)", "Meena Iyer [Site Supervisor]" — are HR
 * annotations, not part of the name the bank holds. Replacing the brackets with spaces (the generic clean-up)
 * would glue the note into the name ("Suresh Patel Driver") and make the name check against the bank fail.
 */

// One bracket pair with no other bracket inside; the content is judged separately.
const BRACKETED = /\(([^()[\]{}]*)\)|\[([^()[\]{}]*)\]|\{([^()[\]{}]*)\}/g;
// A note is words only. "(HR-2)" or "(Emp 1043)" carry codes someone may want kept, so they are left to the
// ordinary clean-up, which shows its own changes.
const ROLE_WORDS = /^\p{L}[\p{L} .&/'’-]*$/u;

export type RoleNotes = { name: string; removed: string[] };

/** Removes bracketed role notes; the rest of the name is kept as typed (spacing collapsed). */
export function removeRoleNotes(name: string): RoleNotes {
  const removed: string[] = [];
  const stripped = name.replace(BRACKETED, (whole: string, a?: string, b?: string, c?: string) => {
    const inner = (a ?? b ?? c ?? '').trim();
    if (!ROLE_WORDS.test(inner)) return whole;
    removed.push(whole);
    // A space, not nothing: "Patel(Driver)Singh" must not become "PatelSingh".
    return ' ';
  });
  const cleaned = stripped.replace(/\s+/g, ' ').trim();
  // A name that is only a note is not a name: leave it for the user to fix.
  if (removed.length === 0 || cleaned === '') return { name, removed: [] };
  return { name: cleaned, removed };
}

/** The change as the clean-up lists it: `removed the note "(Driver)"`. */
export function describeRemovedNotes(removed: readonly string[]): string {
  const quoted = removed.map((n) => `"${n}"`).join(' ');
  return removed.length === 1 ? `removed the note ${quoted}` : `removed the notes ${quoted}`;
}
