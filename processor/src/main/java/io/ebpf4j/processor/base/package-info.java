/**
 * What every part of the processor shares: the one catalog of messages (Messages), did-you-mean
 * suggestions, and the exception for a probe that cannot be generated. Depends on nothing else
 * of the processor.
 */
package io.ebpf4j.processor.base;
