package io.ebpf4j.processor.base;

import java.util.Collection;
import java.util.Optional;

/** Did-you-mean for misspelt system calls. */
public final class Suggestions {

  private Suggestions() {}

  /**
   * The candidate closest to {@code typo} by edit distance (a swap of two neighbours counts as
   * one edit, so {@code bnid} is one from {@code bind}), if it is close: at most a third of the
   * typo's length, and at least 1, 2 for names of 4 or more. Ties go to the first in {@code
   * candidates}' order.
   */
  public static Optional<String> closest(String typo, Collection<String> candidates) {
    int limit = Math.max(typo.length() >= 4 ? 2 : 1, typo.length() / 3);
    String best = null;
    int bestDistance = limit + 1;
    for (String candidate : candidates) {
      int distance = distance(typo, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
  public static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          best = Math.min(best, d[i - 2][j - 2] + 1);
        }
        d[i][j] = best;
      }
    }
    return d[a.length()][b.length()];
  }
}
