package io.jpm.agent.security;

import io.jpm.messages.v1.Request;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What an authorized key may do: {@link #READ} looks (ping, list, describe, logs, hosts), {@link
 * #OPERATOR} does everything. Events and metrics need any authorized key.
 */
public enum Role {
  /** Read-only: the commands in {@link #READ_COMMANDS}. */
  READ,
  /** Every command. */
  OPERATOR;

  /** The commands a READ key may send; every other command needs OPERATOR. */
  public static final Set<Request.CommandCase> READ_COMMANDS =
      EnumSet.of(
          Request.CommandCase.PING,
          Request.CommandCase.LIST,
          Request.CommandCase.DESCRIBE,
          Request.CommandCase.LOG_TAIL,
          Request.CommandCase.HOSTS);

  /** True when a key with this role may send {@code command}. */
  public boolean allows(Request.CommandCase command) {
    return this == OPERATOR || READ_COMMANDS.contains(command);
  }

  /** The word used in keys/authorized and on the command line: "read" or "operator". */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The role named {@code word} ("read" or "operator").
   *
   * @throws IllegalArgumentException for any other word
   */
  public static Role parse(String word) {
    for (Role r : values()) {
      if (r.word().equals(word)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown role '" + word + "': expected read or operator");
  }

  /** The ZAP User-Id the handler gives a client with this role: {@code "<role>:<name>"}. */
  public String userId(String name) {
    return word() + ":" + name;
  }

  /** The role in a ZAP User-Id made by {@link #userId}; empty when there is none. */
  public static Optional<Role> ofUserId(String userId) {
    if (userId == null) {
      return Optional.empty();
    }
    int colon = userId.indexOf(':');
    String word = colon < 0 ? userId : userId.substring(0, colon);
    for (Role r : values()) {
      if (r.word().equals(word)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
