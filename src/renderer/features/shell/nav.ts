export const SCREENS = [
  { id: 'import', label: 'Import', icon: '⇪' },
  { id: 'batches', label: 'Batches', icon: '▤' },
  { id: 'history', label: 'History', icon: '◷' },
  { id: 'beneficiaries', label: 'Beneficiaries', icon: '☺' },
  { id: 'accounts', label: 'Accounts', icon: '₹' },
  { id: 'team', label: 'Team', icon: '⚇' },
  { id: 'settings', label: 'Settings', icon: '⚙' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

export function screenFromHash(hash: string): ScreenId {
  const id = hash.replace(/^#\/?/, '').split('?')[0];
  return SCREENS.find((s) => s.id === id)?.id ?? 'import';
}
