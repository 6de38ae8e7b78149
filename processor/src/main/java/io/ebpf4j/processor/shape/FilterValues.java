package io.ebpf4j.processor.shape;

import io.ebpf4j.processor.filter.FilterField;
import io.ebpf4j.processor.model.CNames;
import io.ebpf4j.processor.model.EventMember;
import io.ebpf4j.processor.model.EventMember.From;
import io.ebpf4j.processor.model.HeaderField;
import io.ebpf4j.processor.shape.CFragments.HeaderSources;
import java.util.Optional;

/**
 * Where the C takes the values a filter compares, at the point where it is evaluated: before the
 * event exists, so from the same places the event would be filled from. Every expression is C of
 * the processor's own, around identifiers it {@linkplain #identifier checks}.
 */
public final class FilterValues {

  /**
   * In a probe's own function: the header from the helpers and {@code pid_tgid}, the members
   * from the emit function's {@code arg0...} and {@code ret}, or from a tracepoint's {@code
   * args}. Not {@code uid_gid}: the fragment that fills the header declares it after the
   * reservation.
   */
  public static final FilterValues LIVE =
      new FilterValues(
          new HeaderSources("bpf_ktime_get_ns()", "bpf_get_current_uid_gid()", null), null);

  private final HeaderSources header;
  private final String entry;
  private final String latency;

  private FilterValues(HeaderSources header, String entry) {
    this(header, entry, null);
  }

  private FilterValues(HeaderSources header, String entry, String latency) {
    this.header = header;
    this.entry = entry;
    this.latency = latency;
  }

  /**
   * In a {@code withEntry} probe, once {@code entry} (the struct that {@link
   * CFragments#declareStashedHeader} declares) holds the call's entry: the header and the
   * arguments from it, {@code ret} from the return, the latency from the local {@code latency}
   * (null where the filter does not name it).
   */
  public static FilterValues stashed(String entry, String latency) {
    return new FilterValues(
        CFragments.stashedIn(identifier(entry)), entry,
        latency == null ? null : identifier(latency));
  }

  /** The C expression of an integer field, of its C type. */
  String integer(FilterField field) {
    if (field.header() != null) {
      HeaderField h = field.header();
      String input =
          switch (h.input()) {
            case TIMESTAMP -> header.timestamp();
            case PID_TGID -> "pid_tgid";
            case UID_GID -> header.uidGid();
            case PROBE_ID, COMM -> throw new IllegalArgumentException(h.toString());
          };
      return "(" + String.format(h.conversion(), input) + ")";
    }
    EventMember member = field.member();
    String name = identifier(member.cName());
    String type = identifier(member.type().cType());
    return switch (member.source().from()) {
      case VALUE ->
          entry != null ? entry + "->" + name : "((" + type + ") arg" + member.source().index()
              + ")";
      case RETURN_VALUE -> "((" + type + ") " + EventTypeFactory.RETURN_VALUE + ")";
      case LATENCY -> {
        if (latency == null) {
          throw new IllegalStateException("no latency here: " + member);
        }
        yield latency;
      }
      case FIELD -> "((" + type + ") args->" + name + ")";
      // A scalar the format does not align is declared as bytes: copy it out.
      case FIELD_BYTES ->
          "({ " + type + " v; __builtin_memcpy(&v, args->" + name + ", sizeof(v)); v; })";
      default -> throw new IllegalArgumentException(member.toString());
    };
  }

  /** The char array a string field already is here, if it is one; else it must be read. */
  Optional<String> array(FilterField field) {
    if (entry == null) {
      return Optional.empty();
    }
    if (field.header() != null) {
      return Optional.of(header.commSource() + "->" + identifier(field.cName()));
    }
    return field.member().source().from() == From.USER_STRING
        ? Optional.of(entry + "->" + identifier(field.cName()))
        : Optional.empty();
  }

  /**
   * The call that copies the start of string {@code field} into {@code slot}, a char array
   * member ({@code ebpf4j_filter_strings->comm}) whose size the C knows.
   */
  String read(FilterField field, String slot) {
    if (field.header() != null) {
      return "bpf_get_current_comm(" + slot + ", sizeof(" + slot + "))";
    }
    EventMember member = field.member();
    String name = identifier(member.cName());
    return switch (member.source().from()) {
      case USER_STRING ->
          "bpf_probe_read_user_str(" + slot + ", sizeof(" + slot + "), (const void *) arg"
              + member.source().index() + ")";
      case FIELD_USER_STRING ->
          "bpf_probe_read_user_str(" + slot + ", sizeof(" + slot + "), (const void *) args->"
              + name + ")";
      // A (pointer, length) string: as many bytes as the length says, at most the slot's less
      // the NUL, as the event reads it; the bound is what the verifier needs.
      case USER_STRING_LENGTH ->
          "({ u64 n = (u32) arg" + (member.source().index() + 1) + "; if (n > sizeof(" + slot
              + ") - 1) { n = sizeof(" + slot + ") - 1; } bpf_probe_read_user(" + slot
              + ", n, (const void *) arg" + member.source().index() + "); " + slot
              + "[n] = 0; })";
      // The low 16 bits are the string's offset in the record: as the event reads it.
      case FIELD_DATA_LOC_STRING ->
          "bpf_probe_read_kernel_str(" + slot + ", sizeof(" + slot
              + "), (const char *) args + (args->" + name + " & 0xffff))";
      case FIELD_BYTES ->
          "bpf_probe_read_kernel(" + slot + ", sizeof(" + slot + "), args->" + name + ")";
      default -> throw new IllegalArgumentException(member.toString());
    };
  }

  /** {@code name}, if it is a C identifier: the one check every name here goes through. */
  static String identifier(String name) {
    if (!CNames.isIdentifier(name)) {
      throw new IllegalArgumentException("not a C identifier: " + name);
    }
    return name;
  }
}
