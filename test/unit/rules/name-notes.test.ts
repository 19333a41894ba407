import { describe, expect, it } from 'vitest';
import { checkName, suggestNameCleanup } from '../../../src/shared/rules/name';
import { removeRoleNotes } from '../../../src/shared/rules/name-notes';

describe('bracketed role notes in payee names (issue 17 point 7)', () => {
  it('removes the note whole and says so', () => {
    expect(suggestNameCleanup('Suresh Patel (Driver)')).toEqual({
      cleaned: 'Suresh Patel',
      changes: ['removed the note "(Driver)"'],
    });
    expect(checkName('Suresh Patel (Driver)').problems[0]!.message).toContain('Suggested: "Suresh Patel".');
  });

  it('never glues the note into the name, whatever the bracket or spacing', () => {
    expect(suggestNameCleanup('Suresh Patel(Driver)')?.cleaned).toBe('Suresh Patel');
    expect(suggestNameCleanup('Meena Iyer [Site Supervisor]')?.cleaned).toBe('Meena Iyer');
    expect(suggestNameCleanup('{Helper} Anil Rao')?.cleaned).toBe('Anil Rao');
    expect(suggestNameCleanup('Patel(Driver)Singh')?.cleaned).toBe('Patel Singh');
    expect(suggestNameCleanup('Ravi Kumar (Driver) (Night Shift)')).toEqual({
      cleaned: 'Ravi Kumar',
      changes: ['removed the notes "(Driver)" "(Night Shift)"'],
    });
  });

  it('keeps the other clean-ups and lists every change', () => {
    expect(suggestNameCleanup('Dr. Suresh Patel (Driver)')).toEqual({
      cleaned: 'Dr Suresh Patel',
      changes: ['removed the note "(Driver)"', 'replaced "." with spaces'],
    });
    expect(suggestNameCleanup('José Fernandes (Cook)')).toEqual({
      cleaned: 'Jose Fernandes',
      changes: ['removed the note "(Cook)"', 'removed accents'],
    });
  });

  it('leaves notes with codes to the ordinary clean-up, and never removes the whole name', () => {
    // "(HR-2)" holds a code, not a role: the existing behaviour (digits out, punctuation to spaces) stands.
    expect(removeRoleNotes('Ravi Kumar (HR-2)')).toEqual({ name: 'Ravi Kumar (HR-2)', removed: [] });
    expect(suggestNameCleanup('Ravi Kumar (HR-2)')?.cleaned).toBe('Ravi Kumar HR');
    expect(removeRoleNotes('(Driver)')).toEqual({ name: '(Driver)', removed: [] });
    expect(suggestNameCleanup('(Driver)')?.cleaned).toBe('Driver');
    expect(removeRoleNotes('Suresh Patel')).toEqual({ name: 'Suresh Patel', removed: [] });
    expect(suggestNameCleanup('Suresh Patel')).toBeNull();
  });
});
