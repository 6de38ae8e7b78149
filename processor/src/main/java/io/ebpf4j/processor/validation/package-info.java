/**
 * Checks a handler class against the rules in the probe annotations' Javadoc and returns a
 * ValidationReport of every error, with element, annotation and value, plus the validated model.
 * Nothing is written here.
 */
package io.ebpf4j.processor.validation;
