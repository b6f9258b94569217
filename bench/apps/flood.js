// Writes LINES lines of exactly 100 bytes (99 + newline), numbered, as fast as stdout takes them,
// then exits. Waits for 'drain' when stdout pushes back, so it works on pipes and files alike.
const lines = Number(process.env.LINES || 1000000);
const perChunk = 1000;
let next = 1;
function chunk() {
  const end = Math.min(next + perChunk - 1, lines);
  let s = '';
  for (let i = next; i <= end; i++) {
    s += String(i).padStart(99, '0') + '\n';
  }
  next = end + 1;
  return s;
}
function pump() {
  while (next <= lines) {
    if (!process.stdout.write(chunk())) {
      process.stdout.once('drain', pump);
      return;
    }
  }
}
pump();
