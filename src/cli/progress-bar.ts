/** A one-line progress bar on a terminal; silent when stderr is not a TTY (CI, pipes). */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  if (!stream.isTTY) return { update: (_done: number, _total: number) => {}, done: () => {} };
  let lastPercent = -1;
  return {
    update(done: number, total: number) {
      const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
      if (percent === lastPercent) return;
      lastPercent = percent;
      const width = 30;
      const filled = Math.round((percent / 100) * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}%`);
    },
    done() {
      stream.write('\r\x1b[K');
    },
  };
}
