import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: {
    width: 'auto',
    height: 30,
  },
  mark: {
    fill: '#7df3e1',
  },
  word: {
    fill: '#ffffff',
    fontFamily: 'Helvetica, Arial, sans-serif',
    fontWeight: 700,
    fontSize: 27,
    letterSpacing: 1,
  },
});

/** The Pave wordmark: three paving stones and the name. */
export const LogoFull = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 120 30"
      role="img"
      aria-label="Pave"
    >
      <rect
        className={classes.mark}
        x="0"
        y="18"
        width="26"
        height="8"
        rx="2"
      />
      <rect className={classes.mark} x="4" y="9" width="22" height="7" rx="2" />
      <rect className={classes.mark} x="8" y="1" width="18" height="6" rx="2" />
      <text className={classes.word} x="34" y="25">
        Pave
      </text>
    </svg>
  );
};
