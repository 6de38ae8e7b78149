/**
 * A probe's {@code filter}: its syntax tree, the recursive-descent parser that builds it, and the
 * checker that types it against the probe's record into a ProbeFilter. Built on the model; the
 * shapes write its C (FilterC), the validator reports its errors.
 */
package io.ebpf4j.processor.filter;
