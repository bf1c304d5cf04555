// Preloaded into every replica the harness starts: a replica outlives
// neither the test run that started it (its parent process) nor a time cap,
// so a crashed or interrupted run leaves no backend behind.
const parent = process.ppid;
const capMs = Number(process.env.PAVE_REPLICA_MAX_SECONDS || 1800) * 1000;
const timer = setInterval(() => {
  if (process.ppid !== parent) process.exit(1);
}, 1000);
timer.unref();
setTimeout(() => process.exit(1), capMs).unref();
