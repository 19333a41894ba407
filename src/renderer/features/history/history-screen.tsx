import { useState } from 'react';
import type { HistoryRowView } from '../../../shared/ipc/contracts/history';
import { AllPaidTally } from '../batches/tally-export';
import { AgingTab } from './aging-tab';
import { AuditTab } from './audit-tab';
import { DashboardTab } from './dashboard-tab';
import { PayoutsTab } from './payouts-tab';
import { ReconTab } from './recon-tab';
import { TimelineCard } from './timeline-card';

const TABS = [
  ['payouts', 'Payouts'],
  ['aging', 'Awaiting outcome'],
  ['dashboard', 'Dashboard'],
  ['recon', 'Statement reconciliation'],
  ['audit', 'Audit log'],
] as const;
type Tab = (typeof TABS)[number][0];

/** History works offline: everything here reads SQLite, except fetching a statement and "check now". */
export function HistoryScreen() {
  const [tab, setTab] = useState<Tab>('payouts');
  const [row, setRow] = useState<HistoryRowView | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  return (
    <div className="stack">
      <div className="tabs" role="tablist">
        {TABS.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            className={tab === id ? 'active' : ''}
            onClick={() => setTab(id)}
          >
            {label}
          </button>
        ))}
      </div>
      {tab === 'payouts' && (
        <>
          {row && (
            <TimelineCard
              key={row.id}
              row={row}
              onClose={() => setRow(null)}
              onSettled={() => setRefreshKey((k) => k + 1)}
            />
          )}
          <PayoutsTab onOpenRow={setRow} refreshKey={refreshKey} />
          <AllPaidTally />
        </>
      )}
      {tab === 'aging' && <AgingTab />}
      {tab === 'dashboard' && <DashboardTab />}
      {tab === 'recon' && <ReconTab />}
      {tab === 'audit' && <AuditTab />}
    </div>
  );
}
