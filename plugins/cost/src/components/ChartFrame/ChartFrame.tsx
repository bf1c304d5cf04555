import { ReactElement, cloneElement } from 'react';
import { ResponsiveContainer } from 'recharts';

/**
 * A chart as wide as its card. `ResponsiveContainer` measures with
 * `ResizeObserver`; where there is none (jsdom in tests, very old
 * browsers) the chart gets the fixed `fallbackWidth` instead of nothing.
 */
export function ChartFrame(props: {
  height: number;
  fallbackWidth: number;
  children: ReactElement<{ width?: number; height?: number }>;
}) {
  if (typeof ResizeObserver === 'undefined') {
    return cloneElement(props.children, {
      width: props.fallbackWidth,
      height: props.height,
    });
  }
  return (
    <ResponsiveContainer width="100%" height={props.height}>
      {props.children}
    </ResponsiveContainer>
  );
}
