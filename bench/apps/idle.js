// An app that prints one line and then does nothing: the unit of the start/list/RSS scenarios.
console.log(`up ${process.pid}`);
setInterval(() => {}, 1 << 30);
