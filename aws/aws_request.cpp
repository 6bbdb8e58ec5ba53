#include "aws/aws_request.hpp"

namespace opsdeck::aws {

std::string AwsRequest::name() const {
  return (service ? std::string(service->id) : std::string("?")) + ":" + operation;
}

}  // namespace opsdeck::aws
