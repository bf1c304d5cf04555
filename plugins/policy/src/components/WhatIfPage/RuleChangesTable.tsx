import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import { WhatIfRule } from '@pave/plugin-policy-common';
import { useState } from 'react';

type Column =
  | 'policyId'
  | 'status'
  | 'newlyDenied'
  | 'newlyAllowed'
  | 'warnings';

const COLUMNS: Array<{ id: Column; label: string; numeric?: boolean }> = [
  { id: 'policyId', label: 'Rule' },
  { id: 'status', label: 'In the draft' },
  { id: 'newlyDenied', label: 'Newly denied', numeric: true },
  { id: 'newlyAllowed', label: 'Newly allowed', numeric: true },
  { id: 'warnings', label: 'Warnings +/−', numeric: true },
];

function value(rule: WhatIfRule, column: Column): string | number {
  if (column === 'warnings') {
    return rule.newlyWarned - rule.noLongerWarned;
  }
  return rule[column];
}

/**
 * The rules whose verdicts change, sortable by any column (most newly
 * denied first); choosing a row shows its findings.
 */
export function RuleChangesTable(props: {
  rules: WhatIfRule[];
  selected?: string;
  onSelect: (policyId: string) => void;
}) {
  const [orderBy, setOrderBy] = useState<Column>('newlyDenied');
  const [direction, setDirection] = useState<'asc' | 'desc'>('desc');
  const sorted = [...props.rules].sort((a, b) => {
    const x = value(a, orderBy);
    const y = value(b, orderBy);
    const order =
      typeof x === 'number' && typeof y === 'number'
        ? x - y
        : String(x).localeCompare(String(y));
    return direction === 'asc' ? order : -order;
  });
  const sortBy = (column: Column) => {
    if (column === orderBy) {
      setDirection(direction === 'asc' ? 'desc' : 'asc');
    } else {
      setOrderBy(column);
      setDirection(
        column === 'policyId' || column === 'status' ? 'asc' : 'desc',
      );
    }
  };
  return (
    <Table size="small" aria-label="Rules whose verdicts change">
      <TableHead>
        <TableRow>
          {COLUMNS.map(column => (
            <TableCell
              key={column.id}
              align={column.numeric ? 'right' : 'left'}
              sortDirection={orderBy === column.id ? direction : false}
            >
              <TableSortLabel
                active={orderBy === column.id}
                direction={orderBy === column.id ? direction : 'asc'}
                onClick={() => sortBy(column.id)}
              >
                {column.label}
              </TableSortLabel>
            </TableCell>
          ))}
          <TableCell>Enforcement</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {sorted.map(rule => (
          <TableRow
            key={rule.policyId}
            hover
            selected={rule.policyId === props.selected}
            onClick={() => props.onSelect(rule.policyId)}
            style={{ cursor: 'pointer' }}
          >
            <TableCell component="th" scope="row" role="rowheader">
              <code>{rule.policyId}</code>
            </TableCell>
            <TableCell>{rule.status}</TableCell>
            <TableCell align="right">{rule.newlyDenied}</TableCell>
            <TableCell align="right">{rule.newlyAllowed}</TableCell>
            <TableCell align="right">
              +{rule.newlyWarned} / −{rule.noLongerWarned}
            </TableCell>
            <TableCell>{rule.enforcement ?? '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
