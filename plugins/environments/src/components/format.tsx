import {
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import { Deployment } from '@pave/plugin-environments-common';

/** A deployment's status, with the step a deploy is at. */
export function StatusLine({ deployment }: { deployment: Deployment }) {
  const { status, step } = deployment;
  if (status === 'running') return <StatusOK>running</StatusOK>;
  if (status === 'failed') return <StatusError>failed</StatusError>;
  if (status === 'destroyed') return <StatusPending>destroyed</StatusPending>;
  return (
    <StatusPending>
      {status}
      {step ? ` · ${step}` : ''}
    </StatusPending>
  );
}

/** `expires in 5 h 12 min`, from an ISO date; `expired` once past. */
export function expiresIn(expiresAt: string, now = Date.now()): string {
  const minutes = Math.round((Date.parse(expiresAt) - now) / 60_000);
  if (minutes <= 0) return 'expired';
  const hours = Math.floor(minutes / 60);
  return `expires in ${hours ? `${hours} h ` : ''}${minutes % 60} min`;
}

/** `$1,234.50`: list-price estimates, in US dollars. */
export function usd(value: number): string {
  return value.toLocaleString('en-US', { style: 'currency', currency: 'USD' });
}

/** What an estimate is, wherever one is shown. */
export const ESTIMATE_NOTE =
  'What it would cost a month in the cloud, at list prices (the cost plugin’s estimate when it was deployed); running here costs nothing extra.';
