/**
 * Output capture: one pump thread per instance stream reads the instance's FIFO, writes the bytes
 * to its log file (timestamp prefix or JSON framing, size-based rotation, gzip) and hands complete
 * lines to a {@link io.jpm.agent.logs.LogSink}; also the log commands (tail, flush, send). Depends
 * on the JDK and the supervision domain's value types only (no ZeroMQ, no protobuf).
 */
package io.jpm.agent.logs;
