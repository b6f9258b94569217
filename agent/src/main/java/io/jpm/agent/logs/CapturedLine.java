package io.jpm.agent.logs;

/**
 * One line of an instance's output, without its newline.
 *
 * @param app app name
 * @param id instance id
 * @param index instance index
 * @param stream the stream it came from
 * @param text the line (decoded as UTF-8), as the app wrote it or as stored in the file
 * @param partial true when the line was cut (longer than the line limit) or had no final newline
 */
public record CapturedLine(
    String app, int id, int index, LogStream stream, String text, boolean partial) {}
