package io.jpm.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Host patterns: globs, regexes, comma lists and labels, against a fixed fleet. */
class HostPatternTest {
  private static final List<HostPattern.Host> FLEET =
      List.of(
          new HostPattern.Host("web1", Map.of("role", "web", "dc", "par")),
          new HostPattern.Host("web2", Map.of("role", "web", "dc", "ams")),
          new HostPattern.Host("web10", Map.of("role", "web")),
          new HostPattern.Host("db1", Map.of("role", "db", "dc", "par")),
          new HostPattern.Host("db.x", Map.of()),
          new HostPattern.Host("dbax", Map.of()));

  static Stream<Arguments> selections() {
    return Stream.of(
        Arguments.of("", List.of("web1", "web2", "web10", "db1", "db.x", "dbax")),
        Arguments.of("   ", List.of("web1", "web2", "web10", "db1", "db.x", "dbax")),
        Arguments.of("*", List.of("web1", "web2", "web10", "db1", "db.x", "dbax")),
        Arguments.of("web*", List.of("web1", "web2", "web10")),
        Arguments.of("web?", List.of("web1", "web2")),
        Arguments.of("web1", List.of("web1")),
        Arguments.of("WEB1", List.of()),
        Arguments.of("*1", List.of("web1", "db1")),
        Arguments.of("db.x", List.of("db.x")),
        Arguments.of("web1,db*", List.of("web1", "db1", "db.x", "dbax")),
        Arguments.of("web[12]", List.of("web1", "web2")),
        Arguments.of("web[0-9]*", List.of("web1", "web2", "web10")),
        Arguments.of("web[!1]", List.of("web2")),
        Arguments.of("web1, web2", List.of("web1", "web2")),
        Arguments.of("nope", List.of()),
        Arguments.of("re:web[0-9]", List.of("web1", "web2")),
        Arguments.of("re:web[0-9]+", List.of("web1", "web2", "web10")),
        Arguments.of("re:web", List.of()),
        Arguments.of("re:db.x", List.of("db.x", "dbax")),
        Arguments.of("re:db\\.x", List.of("db.x")),
        Arguments.of("re:.*1", List.of("web1", "db1")),
        Arguments.of("label:role=web", List.of("web1", "web2", "web10")),
        Arguments.of("label:dc=par", List.of("web1", "db1")),
        Arguments.of("label:dc=", List.of()),
        Arguments.of("label:role=cache", List.of()),
        Arguments.of("label:zone=par", List.of()));
  }

  @ParameterizedTest(name = "[{index}] '{0}'")
  @MethodSource("selections")
  void matches_fleet_selectsExactlyTheseHosts(String pattern, List<String> expected) {
    HostPattern p = HostPattern.parse(pattern);

    List<String> selected = FLEET.stream().filter(p::matches).map(HostPattern.Host::name).toList();

    assertThat(selected).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("re:web[", "bad regular expression"),
        Arguments.of("web[", "bad glob"),
        Arguments.of("re:(", "bad regular expression"),
        Arguments.of("re:", "needs a regular expression"),
        Arguments.of("label:role", "expected label:key=value"),
        Arguments.of("label:=web", "expected label:key=value"),
        Arguments.of("web1,,web2", "empty item"),
        Arguments.of("web1,", "empty item"));
  }

  @ParameterizedTest(name = "[{index}] '{0}'")
  @MethodSource("malformed")
  void parse_malformed_throwsNamingThePatternAndWhy(String pattern, String why) {
    assertThatThrownBy(() -> HostPattern.parse(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(why)
        .hasMessageContaining(pattern.strip());
  }
}
