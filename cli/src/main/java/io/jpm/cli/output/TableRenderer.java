package io.jpm.cli.output;

import io.jpm.messages.v1.ProcessInfo;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;

/** Aligned plain-text tables (picocli's {@link TextTable}): the process list and key/values. */
public final class TableRenderer {
  private static final String[] PROCESS_HEADERS = {
    "id", "name", "namespace", "instance", "pid", "status", "↺", "uptime", "cpu", "mem"
  };
  private static final int GAP = 2;

  private TableRenderer() {}

  /** The `jpm list` table: one row per instance, with a header row. */
  public static String processes(List<ProcessInfo> processes) {
    List<String[]> rows = new ArrayList<>();
    rows.add(PROCESS_HEADERS);
    for (ProcessInfo p : processes) {
      rows.add(processRow(p));
    }
    return render(rows);
  }

  /** The `jpm --hosts ... list` table: the process table with the host first. */
  public static String processesWithHost(List<ProcessInfo> processes) {
    List<String[]> rows = new ArrayList<>();
    rows.add(withHost("host", PROCESS_HEADERS));
    for (ProcessInfo p : processes) {
      rows.add(withHost(p.getHost(), processRow(p)));
    }
    return render(rows);
  }

  /** Rows of equal length, aligned in columns, no header. */
  public static String columns(List<String[]> rows) {
    return render(rows);
  }

  private static String[] withHost(String host, String[] row) {
    String[] wide = new String[row.length + 1];
    wide[0] = host;
    System.arraycopy(row, 0, wide, 1, row.length);
    return wide;
  }

  /** Two columns, key then value, one pair per row. */
  public static String keyValues(List<String[]> pairs) {
    return render(pairs);
  }

  private static String[] processRow(ProcessInfo p) {
    boolean running = p.hasPid();
    return new String[] {
      Integer.toString(p.getId()),
      p.getName(),
      p.getNamespace(),
      Integer.toString(p.getInstance()),
      running ? Long.toString(p.getPid()) : "-",
      StatusWords.of(p.getState()),
      Integer.toString(p.getRestarts()),
      running ? Units.uptime(p.getUptimeMs()) : "-",
      running ? Units.cpu(p.getCpuPercent()) : "-",
      running ? Units.memory(p.getMemoryBytes()) : "-"
    };
  }

  private static String render(List<String[]> rows) {
    if (rows.isEmpty()) {
      return "";
    }
    int columns = rows.get(0).length;
    Column[] layout = new Column[columns];
    for (int c = 0; c < columns; c++) {
      int width = 0;
      for (String[] row : rows) {
        width = Math.max(width, row[c].codePointCount(0, row[c].length()));
      }
      // The last column needs no gap; SPAN only matters if a value were wider than measured.
      layout[c] = new Column(width + (c < columns - 1 ? GAP : 1), 0, Column.Overflow.SPAN);
    }
    TextTable table = TextTable.forColumns(Help.defaultColorScheme(Help.Ansi.OFF), layout);
    for (String[] row : rows) {
      table.addRowValues(row);
    }
    return table.toString();
  }
}
