import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';

/** The filters of the trail; empty strings mean "any". */
export interface AuditFilterValues {
  entityRef: string;
  actor: string;
  plugin: string;
  eventId: string;
  status: string;
  from: string;
  to: string;
}

export const EMPTY_FILTERS: AuditFilterValues = {
  entityRef: '',
  actor: '',
  plugin: '',
  eventId: '',
  status: '',
  from: '',
  to: '',
};

const TEXT_FIELDS: Array<[keyof AuditFilterValues, string]> = [
  ['actor', 'Actor'],
  ['plugin', 'Plugin'],
  ['eventId', 'Event'],
];

/** Filter inputs; the entity field only where the entity is not fixed. */
export function AuditFilters(props: {
  value: AuditFilterValues;
  onChange(value: AuditFilterValues): void;
  showEntity: boolean;
}) {
  const { value, onChange, showEntity } = props;
  const set =
    (key: keyof AuditFilterValues) =>
    (e: React.ChangeEvent<{ value: unknown }>) =>
      onChange({ ...value, [key]: String(e.target.value) });
  return (
    <Grid container spacing={2}>
      {showEntity && (
        <Grid item>
          <TextField
            id="audit-filter-entityRef"
            label="Entity"
            placeholder="component:default/name"
            value={value.entityRef}
            onChange={set('entityRef')}
          />
        </Grid>
      )}
      {TEXT_FIELDS.map(([key, label]) => (
        <Grid item key={key}>
          <TextField
            id={`audit-filter-${key}`}
            label={label}
            value={value[key]}
            onChange={set(key)}
          />
        </Grid>
      ))}
      <Grid item>
        <TextField
          select
          label="Outcome"
          value={value.status}
          onChange={set('status')}
          style={{ minWidth: 140 }}
        >
          <MenuItem value="">Any</MenuItem>
          <MenuItem value="initiated">Initiated</MenuItem>
          <MenuItem value="succeeded">Succeeded</MenuItem>
          <MenuItem value="failed">Failed</MenuItem>
        </TextField>
      </Grid>
      {(['from', 'to'] as const).map(key => (
        <Grid item key={key}>
          <TextField
            id={`audit-filter-${key}`}
            type="datetime-local"
            label={key === 'from' ? 'From' : 'Until'}
            InputLabelProps={{ shrink: true }}
            value={value[key]}
            onChange={set(key)}
          />
        </Grid>
      ))}
    </Grid>
  );
}
