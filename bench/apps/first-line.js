// Prints "start <pid>" as soon as it runs: the kill -9 scenario waits for this line in the log.
console.log(`start ${process.pid}`);
setInterval(() => {}, 1 << 30);
