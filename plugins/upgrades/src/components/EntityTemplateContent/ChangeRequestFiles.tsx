import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  ChangeRequestConflict,
  ChangeRequestFile,
} from '@pave/plugin-upgrades-common';
import { CONFLICT_EXPLANATION } from '@pave/plugin-upgrades-common';
import { CHANGE_SIGN } from '../format';

/**
 * What a change request changes against main, file by file, and the
 * conflicts git left, each with what Pave did about it so the team knows
 * which files need their hands before merging.
 */
export function ChangeRequestFiles(props: {
  files: ChangeRequestFile[];
  conflicts: ChangeRequestConflict[];
}) {
  const { files, conflicts } = props;
  return (
    <>
      <Typography variant="subtitle2">
        Files changed ({files.length})
      </Typography>
      {files.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          None: the new version changes nothing in this service.
        </Typography>
      ) : (
        <Box component="ul" aria-label="Files changed" my={0.5} pl={3}>
          {files.map(file => (
            <Typography component="li" variant="body2" key={file.path}>
              <code>{file.path}</code> · {CHANGE_SIGN[file.change]}{' '}
              {file.change}
            </Typography>
          ))}
        </Box>
      )}
      {conflicts.length ? (
        <>
          <Typography variant="subtitle2">
            Conflicts ({conflicts.length})
          </Typography>
          <Box component="ul" aria-label="Conflicts" my={0.5} pl={3}>
            {conflicts.map(conflict => (
              <Typography component="li" variant="body2" key={conflict.path}>
                <code>{conflict.path}</code> · {conflict.kind}:{' '}
                {CONFLICT_EXPLANATION[conflict.kind]}
              </Typography>
            ))}
          </Box>
        </>
      ) : null}
    </>
  );
}
