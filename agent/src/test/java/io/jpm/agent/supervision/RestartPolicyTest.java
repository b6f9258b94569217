package io.jpm.agent.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.supervision.RestartDecision.Verdict;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The restart policy's rules, one at a time, with time passed in. */
class RestartPolicyTest {
  private static final Duration STABLE = Duration.ofSeconds(5);
  private static final Duration QUICK = Duration.ofMillis(200);

  private static RestartPolicy backoff(long initialMs) {
    return new RestartPolicy(
        true, 16, Duration.ofSeconds(1), Duration.ZERO, Duration.ofMillis(initialMs), Set.of());
  }

  @Test
  void onExit_stableExit_restartsWithoutCountingUnstable() {
    RestartDecision d =
        RestartPolicy.defaults().onExit(new Input.Exited(1), STABLE, false, 5, Duration.ZERO);
    assertThat(d.verdict()).isEqualTo(Verdict.RESTART);
    assertThat(d.unstable()).isFalse();
    assertThat(d.delay()).isZero();
  }

  @Test
  void onExit_quickExit_isUnstable() {
    RestartDecision d =
        RestartPolicy.defaults().onExit(new Input.Exited(1), QUICK, false, 0, Duration.ZERO);
    assertThat(d.unstable()).isTrue();
    assertThat(d.reason()).contains("1/16 in a row");
  }

  @Test
  void onExit_exitBeforeReady_isUnstableEvenWhenLong() {
    RestartDecision d =
        RestartPolicy.defaults().onExit(new Input.Exited(1), STABLE, true, 0, Duration.ZERO);
    assertThat(d.unstable()).isTrue();
    assertThat(d.reason()).contains("before it was ready");
  }

  @Test
  void onExit_lastAllowedUnstableExit_givesUp() {
    RestartDecision almost =
        RestartPolicy.defaults().onExit(new Input.Exited(1), QUICK, false, 14, Duration.ZERO);
    RestartDecision over =
        RestartPolicy.defaults().onExit(new Input.Exited(1), QUICK, false, 15, Duration.ZERO);
    assertThat(almost.verdict()).isEqualTo(Verdict.RESTART);
    assertThat(over.verdict()).isEqualTo(Verdict.GIVE_UP);
  }

  @Test
  void onExit_stopExitCodeByNormalExit_staysDown_butSignalDoesNot() {
    RestartPolicy p =
        new RestartPolicy(true, 16, Duration.ofSeconds(1), Duration.ZERO, null, Set.of(0, 137));
    assertThat(p.onExit(new Input.Exited(0), STABLE, false, 0, Duration.ZERO).verdict())
        .isEqualTo(Verdict.STAY_DOWN);
    // 137 here means "killed by SIGKILL", not an exit code the app chose.
    assertThat(p.onExit(new Input.Exited(137), STABLE, false, 0, Duration.ZERO).verdict())
        .isEqualTo(Verdict.RESTART);
  }

  @Test
  void onExit_autorestartOff_staysDownWhateverTheCode() {
    RestartPolicy p =
        new RestartPolicy(false, 16, Duration.ofSeconds(1), Duration.ZERO, null, Set.of());
    assertThat(p.onExit(new Input.Exited(1), QUICK, false, 20, Duration.ZERO).verdict())
        .isEqualTo(Verdict.STAY_DOWN);
  }

  @Test
  void onExit_fixedDelay_isUsedEveryTime() {
    RestartPolicy p =
        new RestartPolicy(true, 16, Duration.ofSeconds(1), Duration.ofMillis(250), null, Set.of());
    assertThat(p.onExit(new Input.Exited(1), STABLE, false, 0, Duration.ofMillis(250)).delay())
        .isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void onExit_exponentialBackoff_growsByHalfAndCapsAt15s() {
    RestartPolicy p = backoff(100);
    Duration d = Duration.ZERO;
    long[] expected = {100, 150, 225, 337, 505, 757};
    for (long ms : expected) {
      d = p.onExit(new Input.Exited(1), STABLE, false, 0, d).delay();
      assertThat(d.toMillis()).isEqualTo(ms);
    }
    assertThat(p.onExit(new Input.Exited(1), STABLE, false, 0, Duration.ofSeconds(14)).delay())
        .isEqualTo(RestartPolicy.MAX_BACKOFF);
  }

  @Test
  void onExit_exponentialBackoffAfterLongUptime_startsOver() {
    RestartDecision d =
        backoff(100)
            .onExit(new Input.Exited(1), Duration.ofSeconds(31), false, 0, Duration.ofSeconds(8));
    assertThat(d.delay()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void onExit_killedBySignal_reasonNamesTheSignal() {
    RestartDecision d =
        RestartPolicy.defaults().onExit(new Input.Exited(137), STABLE, false, 0, Duration.ZERO);
    assertThat(d.reason()).startsWith("exited with signal 9 (SIGKILL) after 5s");
  }
}
