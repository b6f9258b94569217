package io.jpm.cli.commands;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.jpm.agent.security.AuthorizedKey;
import io.jpm.agent.security.AuthorizedKeys;
import io.jpm.agent.security.CurveKey;
import io.jpm.agent.security.HomeKeys;
import io.jpm.agent.security.Role;
import io.jpm.cli.CliFailure;
import io.jpm.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * `jpm keys`: this JPM_HOME's CURVE key pair and who may connect to its TCP endpoints
 * (docs/fleet.md). Each subcommand is a small class registered in {@link #describe}; add one there.
 */
public final class KeysCommand extends JpmCommand {
  @Override
  protected void describe(CommandSpec spec) {
    spec.usageMessage()
        .description(
            "Prints this JPM_HOME's CURVE public key (creating the key pair if missing); its"
                + " subcommands manage keys/authorized, who may connect to `jpm agent --bind`,"
                + " and the agents announced to this home's controller.");
    spec.addSubcommand("show", new Show().commandSpec(this));
    spec.addSubcommand("authorize", new Authorize().commandSpec(this));
    spec.addSubcommand("revoke", new Revoke().commandSpec(this));
    spec.addSubcommand("list", new ListKeys().commandSpec(this));
    spec.addSubcommand("pending", new HostKeyCommands.Pending().commandSpec(this));
    spec.addSubcommand("accept", new HostKeyCommands.Accept().commandSpec(this));
    spec.addSubcommand("reject", new HostKeyCommands.Reject().commandSpec(this));
  }

  @Override
  protected int execute() {
    return show();
  }

  int show() {
    out().println(homeKeys().publicKey());
    return ExitCodes.OK;
  }

  HomeKeys homeKeys() {
    try {
      return HomeKeys.loadOrCreate(home());
    } catch (IOException e) {
      throw CliFailure.failed(e.getMessage());
    }
  }

  AuthorizedKeys authorized() {
    return AuthorizedKeys.ofHome(home());
  }

  Path home() {
    return context().paths().home();
  }

  PrintWriter stdout() {
    return out();
  }

  PrintWriter stderr() {
    return err();
  }

  /** A `jpm keys` subcommand: failures become a message and an exit code, as in JpmCommand. */
  abstract static class Subcommand implements Callable<Integer> {
    KeysCommand keys;

    /** This subcommand's picocli model, bound to this instance, under {@code keys}. */
    final CommandSpec commandSpec(KeysCommand keys) {
      this.keys = keys;
      CommandSpec spec = CommandSpec.wrapWithoutInspection(this);
      describe(spec);
      Options.addStandardHelp(spec);
      return spec;
    }

    /** Declares the subcommand's usage text, options and parameters in {@code spec}. */
    abstract void describe(CommandSpec spec);

    @Override
    public final Integer call() {
      try {
        return execute();
      } catch (CliFailure failure) {
        keys.stderr().println("jpm: " + failure.getMessage());
        keys.stderr().flush();
        return failure.exitCode();
      } catch (IOException e) {
        keys.stderr().println("jpm: " + e.getMessage());
        return ExitCodes.FAILED;
      } finally {
        keys.stdout().flush();
      }
    }

    abstract int execute() throws IOException;
  }

  /** `jpm keys show`. */
  static final class Show extends Subcommand {
    @Override
    void describe(CommandSpec spec) {
      spec.usageMessage().description("Prints this JPM_HOME's public key (the default).");
    }

    @Override
    int execute() {
      return keys.show();
    }
  }

  /** `jpm keys authorize KEY --name NAME [--role read|operator]`. */
  static final class Authorize extends Subcommand {
    String key;

    String name;

    String role = "read";

    @Override
    void describe(CommandSpec spec) {
      spec.usageMessage()
          .description(
              "Lets a key connect to this home's TCP endpoints: a `read` key may ping, list,"
                  + " describe and read logs and events; an `operator` key may do everything.");
      spec.addPositional(
          Options.parameter(String.class, "1", () -> key, v -> key = v)
              .paramLabel("KEY")
              .description(
                  "The client's public key (40 Z85 characters) or a path to its .pub file.")
              .build());
      spec.addOption(
          Options.option(String.class, () -> name, v -> name = v, "--name")
              .required(true)
              .paramLabel("NAME")
              .description("Who it is.")
              .build());
      spec.addOption(
          Options.option(String.class, () -> role, v -> role = v, "--role")
              .paramLabel("read|operator")
              .description("What the key may do (default: read, least privilege).")
              .build());
    }

    @Override
    int execute() throws IOException {
      String publicKey = keyText(key);
      Role r;
      try {
        r = Role.parse(role);
        AuthorizedKey.requireName(name);
      } catch (IllegalArgumentException e) {
        throw new CliFailure(ExitCodes.USAGE, e.getMessage());
      }
      try {
        AuthorizedKey added = keys.authorized().authorize(publicKey, name, r);
        keys.stdout().println("authorized " + added.name() + " (" + r.word() + "): " + publicKey);
      } catch (IllegalArgumentException e) {
        throw new CliFailure(ExitCodes.USAGE, e.getMessage());
      }
      return ExitCodes.OK;
    }

    private static String keyText(String arg) throws IOException {
      Path file = Path.of(arg);
      if (!CurveKey.isValid(arg) && Files.isRegularFile(file)) {
        return HomeKeys.readPublicKeyFile(file);
      }
      try {
        return CurveKey.require(arg);
      } catch (IllegalArgumentException e) {
        throw new CliFailure(
            ExitCodes.USAGE,
            "KEY '" + arg + "' is neither a key nor a .pub file: " + e.getMessage());
      }
    }
  }

  /** `jpm keys revoke NAME|KEY`. */
  static final class Revoke extends Subcommand {
    String nameOrKey;

    @Override
    void describe(CommandSpec spec) {
      spec.usageMessage()
          .description("Removes a key from keys/authorized; its next connection is refused.");
      spec.addPositional(
          Options.parameter(String.class, "1", () -> nameOrKey, v -> nameOrKey = v)
              .paramLabel("NAME|KEY")
              .description("The key's name or the key itself.")
              .build());
    }

    @Override
    int execute() throws IOException {
      List<AuthorizedKey> removed = keys.authorized().revoke(nameOrKey);
      if (removed.isEmpty()) {
        throw new CliFailure(
            ExitCodes.USAGE, "no authorized key is named or equal to '" + nameOrKey + "'");
      }
      removed.forEach(k -> keys.stdout().println("revoked " + k.name() + ": " + k.publicKey()));
      return ExitCodes.OK;
    }
  }

  /** `jpm keys list [--json]`. */
  static final class ListKeys extends Subcommand {
    boolean json;

    @Override
    void describe(CommandSpec spec) {
      spec.usageMessage().description("Lists the keys in keys/authorized.");
      spec.addOption(
          Options.flag(() -> json, v -> json = v, "--json")
              .description("Print [{name, role, key}].")
              .build());
    }

    @Override
    int execute() {
      List<AuthorizedKey> entries = keys.authorized().entries();
      if (json) {
        keys.stdout().println(json(entries));
        return ExitCodes.OK;
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"NAME", "ROLE", "KEY"});
      entries.forEach(k -> rows.add(new String[] {k.name(), k.role().word(), k.publicKey()}));
      for (String[] row : rows) {
        keys.stdout().printf("%-20s %-9s %s%n", row[0], row[1], row[2]);
      }
      return ExitCodes.OK;
    }

    private static String json(List<AuthorizedKey> entries) {
      StringWriter w = new StringWriter();
      try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
        g.writeStartArray();
        for (AuthorizedKey k : entries) {
          g.writeStartObject();
          g.writeStringField("name", k.name());
          g.writeStringField("role", k.role().word());
          g.writeStringField("key", k.publicKey());
          g.writeEndObject();
        }
        g.writeEndArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return w.toString();
    }
  }
}
