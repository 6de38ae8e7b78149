package io.ebpf4j.processor;

import java.util.Optional;

/**
 * Every message the processor prints. Tests assert with these methods, never with copied text.
 * Each says what is wrong and what to do.
 */
final class Messages {

  private Messages() {}

  // The @Kprobe value.

  static String unknownSyscall(String syscall, Optional<String> suggestion) {
    return "@Kprobe: this kernel has no system call `"
        + syscall
        + "` (no syscalls/sys_enter_"
        + syscall
        + " tracepoint)"
        + suggestion.map(s -> "; did you mean `" + s + "`?").orElse("");
  }

  static String eventTypeExists(String qualifiedName, String syscall) {
    return "@Kprobe(\""
        + syscall
        + "\") generates the record `"
        + qualifiedName
        + "`, but a type of that name that ebpf4j did not generate already exists;"
        + " rename or remove it";
  }

  static String eventTypeNameClash(String qualifiedName, String syscall, String otherSyscall) {
    return "@Kprobe(\""
        + syscall
        + "\") would generate `"
        + qualifiedName
        + "`, which is already generated for system call `"
        + otherSyscall
        + "`; handle one of them in another package";
  }

  static String tooManyArguments(String syscall, int count, int max, String location) {
    return "system call `"
        + syscall
        + "` has "
        + count
        + " arguments in "
        + location
        + ", but a kprobe can read at most "
        + max;
  }

  static String unsupportedArgument(String syscall, String declaration, String location, int line) {
    return location
        + ":"
        + line
        + ": system call `"
        + syscall
        + "` has an argument `"
        + declaration
        + "` that ebpf4j cannot carry (an array, or a size other than 1, 2, 4 or 8)";
  }

  static String unknownArgumentType(
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
        + "`); add it to io.ebpf4j.processor.ArgumentTypes";
  }

  static String malformedFormat(String location, int line, String problem) {
    return location + ":" + line + ": " + problem;
  }

  static String unreadableFormat(String location, String problem) {
    return "cannot read the tracepoint format " + location + ": " + problem;
  }

  // The handler method.

  static String handlerNotVoid(String method) {
    return "a @Kprobe handler must return void; make `" + method + "` void";
  }

  static String handlerParameters(String eventType) {
    return "the handler must take exactly one `" + eventType + "`";
  }

  static String handlerPrivate(String method) {
    return "a @Kprobe handler must not be private, as the generated program calls it: remove"
        + " `private` from `"
        + method
        + "`";
  }

  static String handlerStatic(String method) {
    return "a @Kprobe handler must not be static, as it is called on the handler instance:"
        + " remove `static` from `"
        + method
        + "`";
  }

  // The handler class.

  static String classNotAClass(String type, String kind) {
    return "@Kprobe methods must be in a class, but `" + type + "` is " + kind;
  }

  static String classLocal(String type) {
    return "@Kprobe methods must be in a top-level or member class, not in the local or"
        + " anonymous class `"
        + type
        + "`";
  }

  static String classPrivate(String type) {
    return "`"
        + type
        + "` must not be private, nor be nested in a private class: the program generated next"
        + " to it calls its @Kprobe methods";
  }

  static String classAbstract(String type) {
    return "`"
        + type
        + "` must not be abstract: put its @Kprobe methods in a concrete class";
  }

  static String startWithInstanceOnlyInner(String type) {
    return "`"
        + type
        + "` is an inner class, so it can only be started with ProbeRuntime.start(Object);"
        + " make it static to use ProbeRuntime.start(Class)";
  }

  static String startWithInstanceOnlyNoConstructor(String type) {
    return "`"
        + type
        + "` has no constructor without parameters that is not private, so it can only be"
        + " started with ProbeRuntime.start(Object)";
  }

  /** The message of the UnsupportedOperationException that newHandler() throws. */
  static String cannotInstantiate(String type) {
    return type
        + " cannot be created without an instance of an enclosing class or without arguments;"
        + " pass an instance to ProbeRuntime.start(Object)";
  }

  // The processor.

  static String formatsOptionNotADirectory(String value) {
    return "-A"
        + ProbeProcessor.FORMATS_OPTION
        + "="
        + value
        + ": expected auto, snapshot or an existing events directory"
        + " (<dir>/<category>/<event>/format)";
  }

  static String formatSource(String description) {
    return "ebpf4j: system call formats from " + description;
  }

  static String internalError(String stackTrace) {
    return "the ebpf4j processor failed; please report this: " + stackTrace;
  }
}
