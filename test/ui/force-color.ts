// Imported first by colour tests: chalk reads the environment once, when Ink
// loads it, so colour must be forced before anything imports Ink. Without this,
// chalk sees a non-TTY and emits no escapes at all, and a NO_COLOR test could
// never fail.
delete process.env['NO_COLOR'];
process.env['FORCE_COLOR'] = '1';
