package io.ebpf4j.processor.base;

import java.util.List;
import java.util.Optional;

/**
 * Every message the processor prints. Tests assert with these methods, never with copied text.
 * Each says what is wrong and what to do.
 */
public final class Messages {

  private Messages() {}

  // The probe annotation's target.

  public static String unknownSyscall(String annotation, String syscall, Optional<String> suggestion) {
    return annotation
        + ": this kernel has no system call `"
        + syscall
        + "` (no syscalls/sys_enter_"
        + syscall
        + " tracepoint)"
        + suggestion.map(s -> "; did you mean `" + s + "`?").orElse("");
  }

  public static String unknownUsdt(
      String annotation, String probe, String source, Optional<String> suggestion) {
    return annotation + ": no USDT probe `" + probe + "` in the SDT notes of " + source
        + suggestion.map(s -> "; did you mean `" + s + "`?").orElse("");
  }

  public static String usdtBinaryAbsent(String annotation, String binary) {
    return annotation + ": " + binary + " is not on this machine, so its SDT notes cannot type the"
        + " event; build where the binary is (only a libjvm.so has a checked-in snapshot)";
  }

  public static String usdtNotesUnreadable(String binary, String problem) {
    return "cannot read the SDT notes of " + binary + ": " + problem;
  }

  public static String usdtSyntax(String annotation, String attribute, String value) {
    return annotation + ": " + attribute + " `" + value + "` is not a USDT " + attribute
        + " (letters, digits and _)";
  }

  public static String usdtBinaryPath(String annotation, String binary) {
    return annotation + ": binary `" + binary + "` is not an absolute path; name the file, like"
        + " /usr/lib/jvm/temurin-25-jdk-amd64/lib/server/libjvm.so";
  }

  public static String unknownTracepoint(String name, Optional<String> suggestion) {
    return "@Tracepoint: this kernel has no tracepoint `"
        + name
        + "` (no events/"
        + name.replace(':', '/')
        + "/format)"
        + suggestion.map(s -> "; did you mean `" + s + "`?").orElse("");
  }

  public static String tracepointSyntax(String value) {
    return "@Tracepoint: expected `category:name`, as under /sys/kernel/tracing/events"
        + " (`sched:sched_process_exec`), not `"
        + value
        + "`";
  }

  public static String syscallOrFunction(String annotation) {
    return annotation
        + ": set exactly one of `value`, a system call (`"
        + annotation
        + "(\"openat\")`), and `function`, a kernel function (`"
        + annotation
        + "(function = \"tcp_v4_connect\")`)";
  }

  public static String withEntryOnlyForSyscalls() {
    return "@Kretprobe: `withEntry` is only for system calls; for a kernel function, pair a"
        + " @Kprobe(function = ...) handler with this one";
  }

  public static String badFunctionName(String annotation, String function) {
    return annotation
        + ": `"
        + function
        + "` is not a kernel function name; give it as /proc/kallsyms lists it"
        + " (letters, digits, `_` and `.`)";
  }

  public static String stringSizeOutOfRange(String annotation, int size, int max) {
    return annotation + ": stringSize must be between 1 and " + max + ", not " + size;
  }

  public static String uprobeEmpty(String annotation, String attribute) {
    return annotation
        + ": `"
        + attribute
        + "` must not be empty"
        + (attribute.equals("binary")
            ? "; give a path or a library name as bcc takes it (\"c\" is libc)"
            : "; give the function's symbol, as in `nm -D`");
  }

  public static String uprobePid(String annotation, int pid) {
    return annotation + ": pid must be -1 (every process) or a process id, not " + pid;
  }

  public static String twoProbeAnnotations(String method) {
    return "`"
        + method
        + "` has more than one probe annotation; give each probe its own handler method";
  }

  public static String eventTypeExists(String qualifiedName, String origin) {
    return origin
        + " generates the record `"
        + qualifiedName
        + "`, but a type of that name that ebpf4j did not generate already exists;"
        + " rename or remove it";
  }

  public static String eventTypeNameClash(String qualifiedName, String origin, String otherOrigin) {
    return origin
        + " would generate `"
        + qualifiedName
        + "`, which is already generated for "
        + otherOrigin
        + "; handle one of them in another package";
  }

  public static String programClassExists(String handler, String programClass) {
    return "the program generated for `"
        + handler
        + "` is named `"
        + programClass
        + "`, but a type of that name that ebpf4j did not generate already exists;"
        + " rename or remove it";
  }

  public static String programNotWritten(String handler, String programClass, String problem) {
    return "cannot write `"
        + programClass
        + "`, the program of `"
        + handler
        + "` ("
        + problem
        + "); another type or processor has that name: rename `"
        + handler
        + "`";
  }

  public static String noReturnField(String syscall, String location) {
    return location + ": system call `" + syscall + "` has no `long ret` field to return";
  }

  // KernelCall<A>.

  /** How messages name the parameter of a kernel function's entry. */
  public static final String KERNEL_CALL_PARAMETER = "KernelCall<A>` (A: a record of the arguments)";

  public static String kernelCallNotARecord(String type) {
    return "`"
        + type
        + "` must be a record whose components are the function's arguments, as in"
        + " `record ConnectArgs(long sk, long uaddr, int addrLen) {}`";
  }

  public static String kernelCallPrivate(String type) {
    return "`" + type + "` must not be private or local, as the generated program creates it";
  }

  public static String kernelCallTooMany(String type, int count, int max) {
    return "`"
        + type
        + "` has "
        + count
        + " components, but a kprobe reads at most "
        + max
        + " arguments from registers";
  }

  public static String kernelCallComponent(String type, String component, String componentType) {
    return "component `"
        + component
        + "` of `"
        + type
        + "` is a "
        + componentType
        + "; each must be int, long, short, byte or boolean (a pointer is a long)";
  }

  public static String tooManyArguments(String syscall, int count, int max, String location) {
    return "system call `"
        + syscall
        + "` has "
        + count
        + " arguments in "
        + location
        + ", but a kprobe can read at most "
        + max;
  }

  public static String unsupportedArgument(String syscall, String declaration, String location, int line) {
    return location
        + ":"
        + line
        + ": system call `"
        + syscall
        + "` has an argument `"
        + declaration
        + "` that ebpf4j cannot carry (an array, or a size other than 1, 2, 4 or 8)";
  }

  public static String unknownArgumentType(
      String syscall, String type, String argument, String location, int line) {
    return location
        + ":"
        + line
        + ": ebpf4j does not know the width of the C type `"
        + type
        + "` (argument `"
        + argument
        + "` of system call `"
        + syscall
        + "`); add it to io.ebpf4j.processor.format.ArgumentTypes";
  }

  public static String malformedFormat(String location, int line, String problem) {
    return location + ":" + line + ": " + problem;
  }

  public static String unreadableFormat(String location, String problem) {
    return "cannot read the tracepoint format " + location + ": " + problem;
  }

  // The handler method.

  public static String handlerNotVoid(String annotation, String method) {
    return "a " + annotation + " handler must return void; make `" + method + "` void";
  }

  public static String handlerParameters(String eventType) {
    return "the handler must take exactly one `"
        + eventType
        + (eventType.equals(KERNEL_CALL_PARAMETER) ? "" : "`");
  }

  public static String handlerPrivate(String annotation, String method) {
    return "a "
        + annotation
        + " handler must not be private, as the generated program calls it: remove"
        + " `private` from `"
        + method
        + "`";
  }

  public static String handlerStatic(String annotation, String method) {
    return "a "
        + annotation
        + " handler must not be static, as it is called on the handler instance:"
        + " remove `static` from `"
        + method
        + "`";
  }

  // The handler class. `annotations` names the probe annotations its methods carry, as
  // ProbeAnnotations.describe gives them: "@Kprobe", "@Kprobe and @Tracepoint".

  public static String classNotAClass(String annotations, String type, String kind) {
    return annotations + " methods must be in a class, but `" + type + "` is " + kind;
  }

  public static String classLocal(String annotations, String type) {
    return annotations
        + " methods must be in a top-level or member class, not in the local or"
        + " anonymous class `"
        + type
        + "`";
  }

  public static String classPrivate(String annotations, String type) {
    return "`"
        + type
        + "` must not be private, nor be nested in a private class: the program generated next"
        + " to it calls its "
        + annotations
        + " methods";
  }

  public static String classAbstract(String annotations, String type) {
    return "`"
        + type
        + "` must not be abstract: put its "
        + annotations
        + " methods in a concrete class";
  }

  public static String startWithInstanceOnlyInner(String type) {
    return "`"
        + type
        + "` is an inner class, so it can only be started with ProbeRuntime.start(Object);"
        + " make it static to use ProbeRuntime.start(Class)";
  }

  public static String startWithInstanceOnlyNoConstructor(String type) {
    return "`"
        + type
        + "` has no constructor without parameters that is not private, so it can only be"
        + " started with ProbeRuntime.start(Object)";
  }

  /** The message of the UnsupportedOperationException that newHandler() throws. */
  public static String cannotInstantiate(String type) {
    return type
        + " cannot be created without an instance of an enclosing class or without arguments;"
        + " pass an instance to ProbeRuntime.start(Object)";
  }

  // @Aggregate.

  public static String aggregateWithoutProbe(String method) {
    return "@Aggregate on `"
        + method
        + "` aggregates the events of a probe: add @Kprobe, @Kretprobe or @Tracepoint to it";
  }

  public static String stacksNeedRecord(String annotation) {
    return "stacks work on the generated records of system calls and tracepoints, not on "
        + annotation
        + " of a kernel function: its record is the API's KernelCall, which has no room for them;"
        + " trace the system call or a tracepoint instead";
  }

  public static String noKernelStackInUserProbe(String annotation) {
    return "Stack.KERNEL on " + annotation + ": a probe in user space runs on the user's"
        + " registers, where the kernel has no stack to walk (bpf_get_stackid fails with"
        + " -EFAULT); take stacks = Stack.USER";
  }

  public static String stacksOnAggregate() {
    return "stacks cannot be aggregated: an @Aggregate probe keeps no event to resolve a stack"
        + " for; stream the events, or count by stack id in your handler";
  }

  public static String stacksMismatch(String qualifiedName, String origin, boolean knownStacks) {
    return "`"
        + qualifiedName
        + "` is already generated for "
        + origin
        + (knownStacks ? " with stacks" : " without stacks")
        + " by another probe, and one record cannot both carry stacks and not: give every probe"
        + " of "
        + origin
        + " in this package stacks, or none, or handle this one in another package";
  }

  public static String aggregateShape(String annotation) {
    return "@Aggregate works on the generated records of system calls and tracepoints, not on "
        + annotation
        + " of a kernel or user-space function; stream those events instead";
  }

  public static String aggregateUnknownField(
      String field, String record, java.util.List<String> fields, Optional<String> suggestion) {
    return "@Aggregate: `"
        + record
        + "` has no field `"
        + field
        + "`"
        + suggestion.map(s -> "; did you mean `" + s + "`?").orElse("")
        + " (its fields: "
        + String.join(", ", fields)
        + ")";
  }

  public static String aggregateKeyType(String field, String type) {
    return "@Aggregate: `"
        + field
        + "` is "
        + type
        + ", which cannot be part of a key; key by scalar or String fields";
  }

  public static String aggregateKeyTwice(String field) {
    return "@Aggregate: `" + field + "` is named twice in `by`; name each key field once";
  }

  public static String aggregateValueType(String field, String type) {
    return "@Aggregate: `"
        + field
        + "` is "
        + type
        + ", but only an integer field can be aggregated; pick one like `ret` or"
        + " `latencyNanos`";
  }

  public static String aggregateValueMissing(String kind) {
    return "@Aggregate(" + kind + ") needs the field to aggregate: set `of`, e.g. of = \"ret\"";
  }

  public static String aggregateValueForCount() {
    return "@Aggregate(COUNT) counts events and takes no `of`; remove it, or use SUM";
  }

  public static String aggregateLinearBounds(long min, long max, long step, int maxBuckets) {
    return "@Aggregate(LINEAR_HISTOGRAM): needs step > 0, max > min, max - min a multiple of"
        + " step and at most "
        + maxBuckets
        + " buckets, not min = "
        + min
        + ", max = "
        + max
        + ", step = "
        + step;
  }

  public static String aggregateLinearOnly(String kind) {
    return "@Aggregate(" + kind + "): min, max and step are for LINEAR_HISTOGRAM; remove them";
  }

  public static String aggregateMaxKeys(int maxKeys, int limit) {
    return "@Aggregate: maxKeys must be between 1 and " + limit + ", not " + maxKeys;
  }

  public static String aggregateInterval(long interval) {
    return "@Aggregate: intervalMillis must be 0 (only at close) or positive, not " + interval;
  }

  public static String aggregateParameter(String expected) {
    return "an @Aggregate method must take exactly one `" + expected + "`: the aggregate";
  }

  // The processor.

  public static String formatsOptionNotADirectory(String option, String value) {
    return "-A"
        + option
        + "="
        + value
        + ": expected auto, snapshot or an existing events directory"
        + " (<dir>/<category>/<event>/format)";
  }

  public static String formatSource(String description) {
    return "ebpf4j: system call formats from " + description;
  }

  public static String internalError(String stackTrace) {
    return "the ebpf4j processor failed; please report this: " + stackTrace;
  }

  // A probe's filter. Each problem is a phrase the column follows; each advice starts with "; ".

  /** {@code @Kretprobe: filter "ret < O": unknown field `O` at column 7; did you mean ...}. */
  public static String filter(
      String annotation, String filter, String problem, int column, String advice) {
    return annotation + ": filter \"" + filter + "\": " + problem + " at column " + column
        + advice;
  }

  /** How a message names the end of the filter, where a token was expected. */
  public static final String FILTER_END = "the end of the filter";

  public static String filterEmpty() {
    return "the filter is empty";
  }

  public static String filterEmptyAdvice() {
    return "; leave `filter` out to keep every event";
  }

  public static String filterUnexpected(String token) {
    return "unexpected `" + token + "`";
  }

  public static String filterTrailingAdvice() {
    return "; join conditions with `&&` or `||`";
  }

  public static String filterExpected(String what, String found) {
    return "expected " + what + ", found " + found;
  }

  public static String filterParenthesisAdvice(int column) {
    return "; close the `(` at column " + column;
  }

  public static String filterBadNumber(String text) {
    return "`" + text + "` is not a 64-bit integer";
  }

  public static String filterNumberAdvice() {
    return "; write a decimal (`-2`, `1000000`) or hexadecimal (`0x40`) integer of at most"
        + " 64 bits";
  }

  public static String filterUnterminatedString() {
    return "the string literal is not closed";
  }

  public static String filterBadEscape() {
    return "unknown escape";
  }

  public static String filterLiteralAdvice() {
    return "; end it with `\"`, and write `\\\"` for a quote and `\\\\` for a backslash in it";
  }

  public static String filterBadCharacter(char c) {
    return "unexpected character `" + c + "`";
  }

  public static String filterBadCharacterAdvice(char c) {
    return switch (c) {
      case '=' -> "; compare with `==`";
      case '\'' -> "; quote strings with `\"`";
      default -> "; a filter has fields, integers, strings and the operators of C:"
          + " == != < <= > >= && || ! & | ^ ~ << >> -";
    };
  }

  public static String filterNotACondition(String type) {
    return "the filter is " + type + ", not a condition";
  }

  public static String filterConditionAdvice() {
    return "; compare it, as in `ret < 0` or `(flags & 0x40) != 0`";
  }

  public static String filterUnknownField(String name) {
    return "unknown field `" + name + "`";
  }

  public static String filterFieldAdvice(Optional<String> suggestion, List<String> fields) {
    return suggestion
        .map(s -> "; did you mean `" + s + "`?")
        .orElse("; the record's fields are " + String.join(", ", fields));
  }

  public static String filterArrayField(String name) {
    return "`" + name + "` is an array, which a filter cannot compare";
  }

  public static String filterOperand(String operator, String wanted, String operand, String actual) {
    return "`" + operator + "` needs " + wanted + ", but " + operand + " is " + actual;
  }

  public static String filterNotAdvice() {
    return "; for an integer, write `x == 0`";
  }

  public static String filterLogicalAdvice() {
    return "; compare an integer to make a condition, as in `(flags & 0x40) != 0`";
  }

  public static String filterComparisonAdvice() {
    return "; join conditions with `&&` or `||`";
  }

  public static String filterBitwiseAdvice() {
    return "; as in C, `==` and `<` bind tighter than `&`, `|` and `^`: write"
        + " `(flags & 0x40) != 0`";
  }

  public static String filterShift(long amount) {
    return "a shift by " + amount + " is out of range";
  }

  public static String filterShiftAdvice() {
    return "; shift a 64-bit value by 0 to 63";
  }

  public static String filterStringOperator(String operator) {
    return "a String compares only with `==` and `!=`, not `" + operator + "`";
  }

  public static String filterStringOperand(String left, String leftType, String right, String rightType) {
    return "cannot compare " + left + " (" + leftType + ") with " + right + " (" + rightType
        + ")";
  }

  public static String filterStringAdvice() {
    return "; compare a String field with a string literal, as in `comm == \"java\"`";
  }

  public static String filterStringNul() {
    return "a string literal cannot hold a NUL character";
  }

  public static String filterStringTooLong(String field, int longest, int length) {
    return "`" + field + "` holds at most " + longest + " bytes, but the literal has " + length
        + ", so it never matches";
  }

  public static String filterStringSizeAdvice(int size) {
    return "; set the probe's stringSize to at least " + size;
  }
}
