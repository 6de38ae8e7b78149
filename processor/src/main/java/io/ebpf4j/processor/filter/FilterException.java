package io.ebpf4j.processor.filter;

/**
 * What is wrong with a probe's {@code filter}, and where: the problem and the advice come from
 * {@link Messages}, the column (from 1) is where in the annotation value it is.
 */
public final class FilterException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String problem;
  private final int column;
  private final String advice;

  /**
   * @param problem what is wrong, as a phrase: {@code unknown field `O`}
   * @param column where, from 1
   * @param advice what to do, or empty
   */
  public FilterException(String problem, int column, String advice) {
    super(problem + " at column " + column + advice);
    this.problem = problem;
    this.column = column;
    this.advice = advice;
  }

  public String problem() {
    return problem;
  }

  public int column() {
    return column;
  }

  /** {@code ; did you mean `ret`?}, or empty. */
  public String advice() {
    return advice;
  }
}
