import type { Handler } from '../handler.ts';
import { chatHistoryHandler, chatSendHandler } from './chat.ts';
import {
	closeProducerHandler,
	connectTransportHandler,
	createTransportHandler,
	pauseProducerHandler,
	produceHandler,
	resumeConsumerHandler,
	setCapabilitiesHandler
} from './media.ts';
import {
	admitHandler,
	autoAdmitHandler,
	closeSpaceHandler,
	createSpaceHandler,
	moveHandler,
	permissionsHandler,
	refuseHandler
} from './moderation.ts';
import { joinHandler, leaveHandler } from './room.ts';
import type { RoomServices } from './services.ts';

/** Every room-related signalling handler. */
export function roomHandlers(services: RoomServices): Handler[] {
	return [
		joinHandler,
		leaveHandler,
		admitHandler,
		refuseHandler,
		autoAdmitHandler,
		permissionsHandler,
		createSpaceHandler,
		moveHandler,
		closeSpaceHandler,
		setCapabilitiesHandler,
		createTransportHandler,
		connectTransportHandler,
		produceHandler,
		closeProducerHandler,
		pauseProducerHandler,
		resumeConsumerHandler,
		chatSendHandler,
		chatHistoryHandler
	].map((make) => make(services) as unknown as Handler);
}
